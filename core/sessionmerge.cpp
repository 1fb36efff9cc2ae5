#include "sessionmerge.h"

#include "latencyhistogram.h"
#include "livesamplemerger.h"
#include "runsummary.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace {

// When the agent started and stopped, by the wall clock.
struct Span
{
    qint64 startMs = 0;
    qint64 endMs = 0;
};

Span spanOf(const Session &s)
{
    const MetricSample &first = s.samples.constFirst();
    Span span;
    span.startMs = first.timestampMs - qint64(first.elapsedSec * 1000);
    span.endMs = qMax(s.samples.constLast().timestampMs,
                      span.startMs + qint64(RunSummary::fromJson(s.summary).durationSec * 1000));
    return span;
}

QString configText(const Session &s, const char *key)
{
    return s.config.value(QLatin1String(key)).toVariant().toString();
}

} // namespace

bool SessionMerge::check(const Input &input, QString *error)
{
    auto fail = [&](const QString &why) {
        *error = input.name + QStringLiteral(": ") + why;
        return false;
    };
    const Session &s = input.session;
    if (configText(s, "mode") == QLatin1String("conformance"))
        return fail(QStringLiteral("a conformance report, not a load run"));
    if (!s.agents.isEmpty())
        return fail(QStringLiteral("already a merged run; merge the agents' own files"));
    if (s.samples.isEmpty())
        return fail(QStringLiteral("has no samples"));
    if (s.summary.isEmpty())
        return fail(QStringLiteral("has no summary (the run did not finish)"));
    quint64 sampled = 0;
    for (int i = 0; i < s.samples.size(); ++i) {
        const MetricSample &m = s.samples.at(i);
        if (m.source != QLatin1String("load"))
            return fail(QStringLiteral("sample %1 is from \"%2\": only socketscope-load's own files can be merged").arg(i).arg(m.source));
        if (m.timestampMs <= 0)
            return fail(QStringLiteral("sample %1 has no wall-clock time (\"ts\")").arg(i));
        const quint64 timed = m.latency ? m.latency->count : 0;
        if (timed != m.latencyHistogram.total())
            return fail(QStringLiteral("sample %1 has %2 latencies but a histogram of %3 (damaged, or written by a "
                                       "socketscope-load without histograms): percentiles cannot be merged exactly")
                            .arg(i).arg(timed).arg(m.latencyHistogram.total()));
        sampled += timed;
    }
    if (s.summary.value(QLatin1String("reconnects")).toDouble() > 0) {
        const auto reconnect = HistogramBuckets::fromJson(s.summary.value(QLatin1String("reconnectHistogram")).toObject(), nullptr);
        if (!reconnect || reconnect->total() == 0)
            return fail(QStringLiteral("summary: reconnects without their times' histogram (damaged, or written by a "
                                       "socketscope-load without it): reconnect percentiles cannot be merged exactly"));
    }
    const QJsonValue summaryHistogram = s.summary.value(QLatin1String("latencyHistogram"));
    if (sampled == 0 && summaryHistogram.isUndefined())
        return true;
    QString why;
    const auto histogram = HistogramBuckets::fromJson(summaryHistogram.toObject(), &why);
    if (!histogram)
        return fail(QStringLiteral("summary: ") + why);
    if (histogram->total() != sampled)
        return fail(QStringLiteral("the summary's histogram holds %1 latencies, the samples %2: the file is inconsistent")
                        .arg(histogram->total()).arg(sampled));
    return true;
}

bool SessionMerge::checkTogether(const QVector<Input> &inputs, QString *error)
{
    const Input &first = inputs.constFirst();
    QSet<QString> shards;
    Span common = spanOf(first.session);
    for (const Input &in : inputs) {
        for (const char *key : {"url", "scenario", "shardCount"}) {
            if (configText(in.session, key) != configText(first.session, key)) {
                *error = QStringLiteral("%1 has %2 \"%3\" but %4 has \"%5\": not agents of one run")
                             .arg(in.name, QLatin1String(key), configText(in.session, key), first.name,
                                  configText(first.session, key));
                return false;
            }
        }
        const QString shard = configText(in.session, "shardIndex");
        if (!shard.isEmpty() && shards.contains(shard)) {
            *error = QStringLiteral("%1 is shard %2 of %3 again: each agent's file can be merged once")
                         .arg(in.name, shard, configText(in.session, "shardCount"));
            return false;
        }
        shards.insert(shard);
        const Span span = spanOf(in.session);
        common.startMs = qMax(common.startMs, span.startMs);
        common.endMs = qMin(common.endMs, span.endMs);
        if (common.startMs > common.endMs) {
            *error = QStringLiteral("%1 does not overlap in time with the files before it: not agents of one run").arg(in.name);
            return false;
        }
    }
    return true;
}

std::optional<Session> SessionMerge::merge(const QVector<Input> &inputs, QString *error)
{
    if (inputs.size() < 2) {
        *error = QStringLiteral("merging needs at least two session files");
        return std::nullopt;
    }
    for (const Input &in : inputs) {
        if (!check(in, error))
            return std::nullopt;
    }
    if (!checkTogether(inputs, error))
        return std::nullopt;

    // Every sample in wall-clock order, telling the merger when an agent has sent its last one.
    struct Item { qint64 ts; int agent; int index; };
    std::vector<Item> items;
    for (int a = 0; a < inputs.size(); ++a) {
        for (int i = 0; i < inputs.at(a).session.samples.size(); ++i)
            items.push_back({inputs.at(a).session.samples.at(i).timestampMs, a, i});
    }
    std::stable_sort(items.begin(), items.end(), [](const Item &x, const Item &y) { return x.ts < y.ts; });
    LiveSampleMerger merger(int(inputs.size()));
    Session out;
    for (const Item &item : items) {
        const QVector<MetricSample> &samples = inputs.at(item.agent).session.samples;
        out.samples += merger.add(item.agent, samples.at(item.index));
        if (item.index == samples.size() - 1)
            out.samples += merger.finishAgent(item.agent);
    }
    out.samples += merger.flush();

    qint64 startMs = std::numeric_limits<qint64>::max();
    for (const Input &in : inputs)
        startMs = qMin(startMs, spanOf(in.session).startMs);
    out.config = inputs.constFirst().session.config;
    out.config.remove(QStringLiteral("shardIndex"));
    double connections = 0;
    QJsonArray names;
    for (const Input &in : inputs) {
        connections += in.session.config.value(QLatin1String("connections")).toDouble();
        names.append(in.name);
        const double offsetSec = double(spanOf(in.session).startMs - startMs) / 1000.0;
        for (SessionEvent e : in.session.events) {
            e.elapsedSec += offsetSec;
            e.message = QStringLiteral("[%1] %2").arg(in.name, e.message);
            out.events.append(e);
        }
        out.agents.append({in.name, in.session.config, in.session.samples, in.session.summary});
    }
    std::stable_sort(out.events.begin(), out.events.end(),
                     [](const SessionEvent &x, const SessionEvent &y) { return x.elapsedSec < y.elapsedSec; });
    out.config.insert(QStringLiteral("connections"), connections);
    out.config.insert(QStringLiteral("mergedFrom"), names);
    out.summary = summarise(inputs, out.samples);
    return out;
}

QJsonObject SessionMerge::summarise(const QVector<Input> &inputs, const QVector<MetricSample> &merged)
{
    RunSummary sum;
    LatencyHistogram latency, reconnectTime;
    Span whole = spanOf(inputs.constFirst().session);
    for (const Input &in : inputs) {
        const RunSummary r = RunSummary::fromJson(in.session.summary);
        sum.connectionsFailed += r.connectionsFailed;
        sum.messagesSent += r.messagesSent;
        sum.messagesReceived += r.messagesReceived;
        sum.errors += r.errors;
        sum.messagesUnmatched += r.messagesUnmatched;
        sum.reconnects += r.reconnects;
        sum.reconnectGiveUps += r.reconnectGiveUps;
        sum.clientCpuPercentPeak = qMax(sum.clientCpuPercentPeak, r.clientCpuPercentPeak); // per process
        sum.clientSaturated = sum.clientSaturated || r.clientSaturated;
        latency.merge(r.latencyHistogram);
        reconnectTime.merge(r.reconnectHistogram);
        const Span span = spanOf(in.session);
        whole.startMs = qMin(whole.startMs, span.startMs);
        whole.endMs = qMax(whole.endMs, span.endMs);
    }
    for (const MetricSample &m : merged)
        sum.peakConnections = qMax(sum.peakConnections, m.connections); // at one moment, not the sum of peaks
    sum.durationSec = double(whole.endMs - whole.startMs) / 1000.0;
    sum.ratePerSec = sum.durationSec > 0 ? double(sum.messagesReceived) / sum.durationSec : 0;
    sum.setLatency(latency);
    sum.setReconnectTime(reconnectTime);
    QJsonObject json = sum.toJson();
    json.insert(QStringLiteral("agents"), int(inputs.size()));
    return json;
}
