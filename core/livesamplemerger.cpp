#include "livesamplemerger.h"

#include "latencyhistogram.h"

#include <algorithm>

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : (a - b + 1) / b;
}

template<typename Key>
void addTotals(QMap<Key, quint64> *sum, const QMap<Key, quint64> &more)
{
    for (auto it = more.cbegin(); it != more.cend(); ++it)
        (*sum)[it.key()] += it.value();
}

} // namespace

LiveSampleMerger::LiveSampleMerger(int agents)
    : m_agents(qMax(0, agents))
{
}

QVector<MetricSample> LiveSampleMerger::add(int agent, const MetricSample &sample)
{
    Q_ASSERT(agent >= 0 && agent < m_agents.size());
    // Seconds count from the first agent's start, not the wall clock's: agents started together
    // sample at start + k s plus a little timer lag, and a wall-second boundary falling inside
    // that lag must not split one moment into two (each with half the connections).
    const qint64 startMs = sample.timestampMs - qint64(sample.elapsedSec * 1000);
    if (!m_anchorMs)
        m_anchorMs = startMs;
    // A sample for a second already merged (a slow agent) joins the next one: its totals carry
    // anyway, and its latencies still count exactly once.
    const qint64 second = qMax(floorDiv(sample.timestampMs - *m_anchorMs + kSkewMs, 1000), m_emittedSecond + 1);
    m_pending[second].append({agent, sample});
    Agent &a = m_agents[agent];
    a.newestSecond = qMax(a.newestSecond, second);
    m_newestSecond = qMax(m_newestSecond, second);
    m_startMs = qMin(m_startMs, startMs);
    return emitComplete();
}

QVector<MetricSample> LiveSampleMerger::finishAgent(int agent)
{
    Q_ASSERT(agent >= 0 && agent < m_agents.size());
    m_agents[agent].finished = true;
    return emitComplete();
}

QVector<MetricSample> LiveSampleMerger::flush()
{
    QVector<MetricSample> out;
    while (!m_pending.isEmpty())
        out.append(merge(m_pending.firstKey()));
    return out;
}

QVector<MetricSample> LiveSampleMerger::emitComplete()
{
    QVector<MetricSample> out;
    while (!m_pending.isEmpty()) {
        const qint64 second = m_pending.firstKey();
        const bool everyoneIsPast = std::all_of(m_agents.cbegin(), m_agents.cend(), [second](const Agent &a) {
            return a.finished || a.newestSecond > second;
        });
        if (!everyoneIsPast && second + kMaxLagSec > m_newestSecond)
            break;
        out.append(merge(second));
    }
    return out;
}

MetricSample LiveSampleMerger::merge(qint64 second)
{
    const QVector<QPair<int, MetricSample>> arrived = m_pending.take(second);
    m_emittedSecond = second;
    LatencyHistogram latency;
    MetricSample m;
    m.source = QStringLiteral("load");
    for (const auto &[agent, sample] : arrived) {
        Agent &a = m_agents[agent];
        if (!a.last || sample.timestampMs >= a.last->timestampMs) // a late sample's totals are older
            a.last = sample;
        a.lastEmittedSecond = second;
        latency.merge(sample.latencyHistogram);
        m.timestampMs = qMax(m.timestampMs, sample.timestampMs);
        if (!sample.target.isEmpty())
            m.target = sample.target; // every agent watches the same target: the newest reading
    }
    m.elapsedSec = double(m.timestampMs - m_startMs) / 1000.0;

    double ownSentPerSec = 0, ownReceivedPerSec = 0;
    for (const Agent &a : std::as_const(m_agents)) {
        if (!a.last)
            continue; // not started yet
        const MetricSample &s = *a.last;
        m.connectionsFailed += s.connectionsFailed;
        m.messagesSent += s.messagesSent;
        m.messagesReceived += s.messagesReceived;
        m.bytesSent += s.bytesSent;
        m.bytesReceived += s.bytesReceived;
        m.messagesUnmatched += s.messagesUnmatched;
        m.reconnects += s.reconnects;
        m.reconnectGiveUps += s.reconnectGiveUps;
        addTotals(&m.errors, s.errors);
        addTotals(&m.closeCodes, s.closeCodes);
        m.process.cpuSeconds += s.process.cpuSeconds;
        const bool running = !a.finished || a.lastEmittedSecond == second;
        for (quint64 open : s.connectionsPerWorker)
            m.connectionsPerWorker.append(running ? open : 0); // one entry per agent thread, in agent order
        if (!running)
            continue;
        m.connections += s.connections;
        m.connecting += s.connecting;
        m.reconnecting += s.reconnecting;
        ownSentPerSec += s.sentPerSec;
        ownReceivedPerSec += s.receivedPerSec;
        m.process.rssBytes += s.process.rssBytes;
        m.process.cpuPercent += s.process.cpuPercent;
        m.process.threads += s.process.threads;
        m.process.openFds += s.process.openFds;
        m.process.valid = m.process.valid || s.process.valid;
    }
    if (latency.count() > 0) {
        m.latency = latency.summary();
        m.latencyHistogram = latency.buckets();
    }
    if (m_previous && m.timestampMs > m_previous->timestampMs) {
        const double interval = double(m.timestampMs - m_previous->timestampMs) / 1000.0;
        m.sentPerSec = MetricSample::perSecond(m.messagesSent, m_previous->messagesSent, interval);
        m.receivedPerSec = MetricSample::perSecond(m.messagesReceived, m_previous->messagesReceived, interval);
    } else {
        m.sentPerSec = ownSentPerSec;
        m.receivedPerSec = ownReceivedPerSec;
    }
    m_previous = m;
    return m;
}
