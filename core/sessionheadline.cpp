#include "sessionheadline.h"

#include "closecodes.h"
#include "connectionmemory.h"
#include "runconfig.h"
#include "runsummary.h"

#include <QLocale>

#include <cmath>

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

} // namespace

SessionHeadline SessionHeadline::of(const Session &session)
{
    return of(session, RunHealth::of(session));
}

SessionHeadline SessionHeadline::of(const Session &session, const RunHealth &health)
{
    SessionHeadline h;
    const RunConfig config = RunConfig::of(session);
    ConnectionMemory serverMemory(config.serverIdleRssBytes);
    ConnectionMemory targetMemory(config.serverIdleRssBytes);
    bool sawServer = false;
    quint64 serverPeak = 0;
    quint64 loadPeak = 0;
    quint64 serverAbnormal = 0;
    const MetricSample *lastLoad = nullptr;
    for (const MetricSample &s : session.samples) {
        if (s.source == QLatin1String("server")) {
            sawServer = true;
            serverPeak = qMax(serverPeak, s.connections);
            h.serverRssPeakMiB = qMax(h.serverRssPeakMiB, double(s.process.rssBytes) / kMiB);
            serverMemory.add(s.process.rssBytes, s.connections);
            serverAbnormal = CloseCodes::abnormalTotal(s.closeCodes);
            continue;
        }
        const double targetRss = s.target.value(QStringLiteral("target_rss_bytes"), 0);
        h.serverRssPeakMiB = qMax(h.serverRssPeakMiB, targetRss / kMiB);
        targetMemory.add(qint64(targetRss), s.connections);
        h.loadRssPeakMiB = qMax(h.loadRssPeakMiB, double(s.process.rssBytes) / kMiB);
        loadPeak = qMax(loadPeak, s.connections);
        if (s.latency)
            h.p99Ms = qMax(h.p99Ms, s.latency->p99Ms);
        lastLoad = &s;
    }
    h.peakConnections = serverPeak > 0 ? serverPeak : loadPeak;
    h.bytesPerConnection = sawServer ? serverMemory.atPeak() : targetMemory.atPeak();
    // A dead server's open connections ended without a close frame, whatever the load's client made of it.
    h.abnormalCloses = qMax(lastLoad ? CloseCodes::abnormalTotal(lastLoad->closeCodes) : 0,
                            serverAbnormal + health.connectionsAtServerDeath);

    quint64 received = 0;
    if (lastLoad) {
        h.durationSec = lastLoad->elapsedSec;
        received = lastLoad->messagesReceived;
        h.errors = lastLoad->errorCount();
        const double attempts = double(lastLoad->messagesSent + loadPeak + lastLoad->connectionsFailed);
        h.errorPercent = attempts > 0 ? 100.0 * double(h.errors) / attempts : 0;
    }
    // A finished load run knows better: its percentiles are over every message, not per second.
    if (!session.summary.isEmpty()) {
        const RunSummary summary = RunSummary::fromJson(session.summary);
        h.durationSec = summary.durationSec;
        received = summary.messagesReceived;
        h.p99Ms = summary.p99Ms;
        h.errors = summary.errors;
        h.errorPercent = summary.errorPercent();
    }
    h.liveSec = qMax(0.0, h.durationSec - health.deadSec());
    h.messagesPerSec = h.liveSec > 0 ? double(received) / h.liveSec : 0;
    return h;
}

QVector<SessionHeadline::Figure> SessionHeadline::figures() const
{
    return {
        {QStringLiteral("Messages/s"), QStringLiteral("msg/s"), messagesPerSec, Better::Higher},
        {QStringLiteral("Latency p99"), QStringLiteral("ms"), p99Ms, Better::Lower},
        {QStringLiteral("Peak connections"), QString(), double(peakConnections), Better::Higher},
        {QStringLiteral("Errors"), QString(), double(errors), Better::Lower},
        {QStringLiteral("Error rate"), QStringLiteral("%"), errorPercent, Better::Lower},
        {QStringLiteral("Abnormal closes"), QString(), double(abnormalCloses), Better::Lower},
        {QStringLiteral("Server RSS peak"), QStringLiteral("MiB"), serverRssPeakMiB, Better::Lower},
        {QStringLiteral("Memory per connection"), QStringLiteral("KiB"), bytesPerConnection.value_or(0) / 1024.0,
         Better::Lower, bytesPerConnection.has_value()},
        {QStringLiteral("Load RSS peak"), QStringLiteral("MiB"), loadRssPeakMiB, Better::Lower},
        {QStringLiteral("Duration"), QStringLiteral("s"), durationSec, Better::Neither},
    };
}

QString SessionHeadline::Figure::text() const
{
    if (!known)
        return QStringLiteral("n/a");
    const int decimals = std::abs(value) >= 100 || unit.isEmpty() ? 0 : (std::abs(value) >= 10 ? 1 : 2);
    const QString number = QLocale().toString(value, 'f', decimals);
    return unit.isEmpty() ? number : number + QLatin1Char(' ') + unit;
}

SessionHeadline::Comparison SessionHeadline::compare(const Figure &a, const Figure &b)
{
    Comparison c;
    if (!a.known || !b.known)
        return c;
    if (a.value == b.value) {
        c.text = QStringLiteral("=");
        c.change = Change::Same;
        return c;
    }
    if (a.value != 0) {
        const double percent = 100.0 * (b.value - a.value) / std::abs(a.value);
        c.text = QStringLiteral("%1%2 %").arg(percent >= 0 ? QStringLiteral("+") : QString()).arg(percent, 0, 'f', 1);
    }
    if (a.better != Better::Neither)
        c.change = (b.value > a.value) == (a.better == Better::Higher) ? Change::Better : Change::Worse;
    return c;
}

QVector<SessionHeadline::Figure> SessionHeadline::namedFigures(const Session &session)
{
    QMap<QString, NamedMetric> metrics;
    QMap<QString, quint64> counters;
    const bool whole = session.summary.contains(QLatin1String("metrics")) || session.summary.contains(QLatin1String("counters"));
    if (whole) {
        const RunSummary summary = RunSummary::fromJson(session.summary);
        metrics = summary.metrics;
        counters = summary.counters;
    } else {
        for (auto s = session.samples.crbegin(); s != session.samples.crend(); ++s) {
            if (s->source == QLatin1String("server"))
                continue;
            metrics = s->metrics;
            for (auto it = s->counters.cbegin(); it != s->counters.cend(); ++it)
                counters.insert(it.key(), it->count);
            break;
        }
    }
    QVector<Figure> out;
    const QString ms = QStringLiteral("ms");
    for (auto it = metrics.cbegin(); it != metrics.cend(); ++it) {
        const QString &name = it.key();
        out.append({name + QStringLiteral(" matched"), QString(), double(it->count), Better::Higher});
        out.append({name + QStringLiteral(" timeouts"), QString(), double(it->timeouts), Better::Lower});
        // A live sample's percentiles are of one second only: not the run's.
        const bool known = whole && it->count > 0;
        out.append({name + QStringLiteral(" p50"), ms, it->latency.p50Ms, Better::Lower, known});
        out.append({name + QStringLiteral(" p99"), ms, it->latency.p99Ms, Better::Lower, known});
        out.append({name + QStringLiteral(" max"), ms, it->latency.maxMs, Better::Lower, known});
    }
    for (auto it = counters.cbegin(); it != counters.cend(); ++it)
        out.append({it.key() + QStringLiteral(" (counter)"), QString(), double(it.value()), Better::Neither});
    return out;
}
