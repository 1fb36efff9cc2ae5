#include "sessionheadline.h"

#include "runsummary.h"

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

double serverRssBytes(const MetricSample &s)
{
    if (s.source == QLatin1String("server"))
        return double(s.process.rssBytes);
    return s.target.value(QStringLiteral("target_rss_bytes"), 0);
}

} // namespace

SessionHeadline SessionHeadline::of(const Session &session)
{
    SessionHeadline h;
    quint64 serverPeak = 0;
    quint64 loadPeak = 0;
    double serverRssAtPeak = 0; // above the idle server's RSS
    double idleRss = 0; // the server's (or watched target's) RSS when it last had no connections
    double rateSum = 0;
    int rateCount = 0;
    double firstLoadSec = -1;
    double lastLoadSec = 0;
    quint64 lastLoadReceived = 0;
    quint64 lastLoadErrors = 0;
    quint64 lastLoadAttempts = 0;
    for (const MetricSample &s : session.samples) {
        const bool server = s.source == QLatin1String("server");
        const double rss = serverRssBytes(s);
        h.serverRssPeakMiB = qMax(h.serverRssPeakMiB, rss / kMiB);
        if (rss > 0 && s.connections == 0)
            idleRss = rss;
        if (server) {
            if (s.connections >= serverPeak) {
                serverPeak = s.connections;
                serverRssAtPeak = rss - idleRss;
            }
            continue;
        }
        h.loadRssPeakMiB = qMax(h.loadRssPeakMiB, double(s.process.rssBytes) / kMiB);
        if (s.connections >= loadPeak) {
            loadPeak = s.connections;
            if (serverPeak == 0)
                serverRssAtPeak = rss - idleRss;
        }
        if (s.latency)
            h.p99Ms = qMax(h.p99Ms, s.latency->p99Ms);
        rateSum += s.receivedPerSec;
        ++rateCount;
        if (firstLoadSec < 0)
            firstLoadSec = s.elapsedSec;
        lastLoadSec = s.elapsedSec;
        lastLoadReceived = s.messagesReceived;
        lastLoadErrors = s.errorCount();
        lastLoadAttempts = s.messagesSent + loadPeak + s.connectionsFailed;
    }
    h.peakConnections = serverPeak > 0 ? serverPeak : loadPeak;
    h.bytesPerConnection = h.peakConnections > 0 ? qMax(0.0, serverRssAtPeak) / double(h.peakConnections) : 0;
    h.messagesPerSec = lastLoadSec > 0 ? double(lastLoadReceived) / lastLoadSec : (rateCount ? rateSum / rateCount : 0);
    h.errors = lastLoadErrors;
    h.errorPercent = lastLoadAttempts > 0 ? 100.0 * double(lastLoadErrors) / double(lastLoadAttempts) : 0;
    h.durationSec = qMax(lastLoadSec, firstLoadSec);

    // A finished load run knows better: its percentiles are over every message, not per second.
    if (!session.summary.isEmpty()) {
        const RunSummary summary = RunSummary::fromJson(session.summary);
        h.durationSec = summary.durationSec;
        h.messagesPerSec = summary.ratePerSec;
        h.p99Ms = summary.p99Ms;
        h.errors = summary.errors;
        h.errorPercent = summary.errorPercent();
    }
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
        {QStringLiteral("Server RSS peak"), QStringLiteral("MiB"), serverRssPeakMiB, Better::Lower},
        {QStringLiteral("Memory per connection"), QStringLiteral("KiB"), bytesPerConnection / 1024.0, Better::Lower},
        {QStringLiteral("Load RSS peak"), QStringLiteral("MiB"), loadRssPeakMiB, Better::Lower},
        {QStringLiteral("Duration"), QStringLiteral("s"), durationSec, Better::Neither},
    };
}
