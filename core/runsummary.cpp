#include "runsummary.h"

#include "latencyhistogram.h"

void RunSummary::setLatency(const LatencyHistogram &run)
{
    const LatencySummary l = run.summary();
    p50Ms = l.p50Ms;
    p90Ms = l.p90Ms;
    p99Ms = l.p99Ms;
    p999Ms = l.p999Ms;
    maxMs = l.maxMs;
    latencyHistogram = run.buckets();
}

double RunSummary::errorPercent() const
{
    const double attempts = double(messagesSent + peakConnections + connectionsFailed);
    return attempts > 0 ? 100.0 * double(errors) / attempts : 0;
}

QJsonObject RunSummary::toJson() const
{
    QJsonObject o{
        {QStringLiteral("durationSec"), durationSec},
        {QStringLiteral("peakConnections"), double(peakConnections)},
        {QStringLiteral("connectionsFailed"), double(connectionsFailed)},
        {QStringLiteral("messagesSent"), double(messagesSent)},
        {QStringLiteral("messagesReceived"), double(messagesReceived)},
        {QStringLiteral("errors"), double(errors)},
        {QStringLiteral("errorPercent"), errorPercent()},
        {QStringLiteral("ratePerSec"), ratePerSec},
        {QStringLiteral("p50Ms"), p50Ms},
        {QStringLiteral("p90Ms"), p90Ms},
        {QStringLiteral("p99Ms"), p99Ms},
        {QStringLiteral("p999Ms"), p999Ms},
        {QStringLiteral("maxMs"), maxMs},
        {QStringLiteral("unmatched"), double(unmatched)},
        {QStringLiteral("reconnects"), double(reconnects)},
        {QStringLiteral("reconnectGiveUps"), double(reconnectGiveUps)},
        {QStringLiteral("reconnectP50Ms"), reconnectP50Ms},
        {QStringLiteral("reconnectP99Ms"), reconnectP99Ms},
        {QStringLiteral("clientCpuPercentPeak"), clientCpuPercentPeak},
        {QStringLiteral("clientSaturated"), clientSaturated},
    };
    if (!latencyHistogram.isEmpty())
        o.insert(QStringLiteral("latencyHistogram"), latencyHistogram.toJson());
    return o;
}

RunSummary RunSummary::fromJson(const QJsonObject &o)
{
    auto num = [&o](const char *key) { return o.value(QLatin1String(key)).toDouble(); };
    RunSummary s;
    s.durationSec = num("durationSec");
    s.peakConnections = quint64(num("peakConnections"));
    s.connectionsFailed = quint64(num("connectionsFailed"));
    s.messagesSent = quint64(num("messagesSent"));
    s.messagesReceived = quint64(num("messagesReceived"));
    s.errors = quint64(num("errors"));
    s.ratePerSec = num("ratePerSec");
    s.p50Ms = num("p50Ms");
    s.p90Ms = num("p90Ms");
    s.p99Ms = num("p99Ms");
    s.p999Ms = num("p999Ms");
    s.maxMs = num("maxMs");
    s.unmatched = quint64(num("unmatched"));
    s.reconnects = quint64(num("reconnects"));
    s.reconnectGiveUps = quint64(num("reconnectGiveUps"));
    s.reconnectP50Ms = num("reconnectP50Ms");
    s.reconnectP99Ms = num("reconnectP99Ms");
    s.clientCpuPercentPeak = num("clientCpuPercentPeak");
    s.clientSaturated = o.value(QLatin1String("clientSaturated")).toBool();
    // A damaged histogram is left out here; SessionMerge, which needs it, refuses it with a reason.
    if (auto h = HistogramBuckets::fromJson(o.value(QLatin1String("latencyHistogram")).toObject(), nullptr))
        s.latencyHistogram = *h;
    return s;
}
