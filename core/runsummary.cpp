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

void RunSummary::setReconnectTime(const LatencyHistogram &run)
{
    const LatencySummary r = run.summary();
    reconnectP50Ms = r.p50Ms;
    reconnectP99Ms = r.p99Ms;
    reconnectHistogram = run.buckets();
}

double RunSummary::errorPercent() const
{
    const double attempts = double(messagesSent + peakConnections + connectionsFailed);
    return attempts > 0 ? 100.0 * double(errors) / attempts : 0;
}

double RunSummary::namedRate(const QString &name) const
{
    const quint64 count = counters.contains(name) ? counters.value(name) : metrics.value(name).count;
    return durationSec > 0 ? double(count) / durationSec : 0;
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
        {QStringLiteral("allConnectedSec"), allConnectedSec},
        {QStringLiteral("reconnects"), double(reconnects)},
        {QStringLiteral("reconnectGiveUps"), double(reconnectGiveUps)},
        {QStringLiteral("reconnectP50Ms"), reconnectP50Ms},
        {QStringLiteral("reconnectP99Ms"), reconnectP99Ms},
        {QStringLiteral("clientCpuPercentPeak"), clientCpuPercentPeak},
        {QStringLiteral("clientSaturated"), clientSaturated},
    };
    if (!metrics.isEmpty()) {
        QJsonObject metricsJson;
        for (auto it = metrics.cbegin(); it != metrics.cend(); ++it) {
            const LatencySummary &l = it->latency;
            metricsJson.insert(it.key(), QJsonObject{{QStringLiteral("count"), double(it->count)},
                                                     {QStringLiteral("timeouts"), double(it->timeouts)},
                                                     {QStringLiteral("p50Ms"), l.p50Ms},
                                                     {QStringLiteral("p90Ms"), l.p90Ms},
                                                     {QStringLiteral("p99Ms"), l.p99Ms},
                                                     {QStringLiteral("p999Ms"), l.p999Ms},
                                                     {QStringLiteral("maxMs"), l.maxMs}});
        }
        o.insert(QStringLiteral("metrics"), metricsJson);
    }
    if (!counters.isEmpty()) {
        QJsonObject countersJson;
        for (auto it = counters.cbegin(); it != counters.cend(); ++it)
            countersJson.insert(it.key(), double(it.value()));
        o.insert(QStringLiteral("counters"), countersJson);
    }
    if (messagesUnmatched > 0)
        o.insert(QStringLiteral("messagesUnmatched"), double(messagesUnmatched));
    if (!latencyHistogram.isEmpty())
        o.insert(QStringLiteral("latencyHistogram"), latencyHistogram.toJson());
    if (!reconnectHistogram.isEmpty())
        o.insert(QStringLiteral("reconnectHistogram"), reconnectHistogram.toJson());
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
    s.allConnectedSec = o.contains(QLatin1String("allConnectedSec")) ? num("allConnectedSec") : -1;
    s.reconnects = quint64(num("reconnects"));
    s.reconnectGiveUps = quint64(num("reconnectGiveUps"));
    s.reconnectP50Ms = num("reconnectP50Ms");
    s.reconnectP99Ms = num("reconnectP99Ms");
    s.clientCpuPercentPeak = num("clientCpuPercentPeak");
    s.clientSaturated = o.value(QLatin1String("clientSaturated")).toBool();
    const QJsonObject metricsJson = o.value(QLatin1String("metrics")).toObject();
    for (auto it = metricsJson.begin(); it != metricsJson.end(); ++it) {
        const QJsonObject m = it.value().toObject();
        auto field = [&m](const char *key) { return m.value(QLatin1String(key)).toDouble(); };
        NamedMetric named;
        named.count = quint64(field("count"));
        named.timeouts = quint64(field("timeouts"));
        named.latency = LatencySummary{field("p50Ms"), field("p90Ms"), field("p99Ms"), field("p999Ms"), field("maxMs"), named.count};
        s.metrics.insert(it.key(), named);
    }
    const QJsonObject countersJson = o.value(QLatin1String("counters")).toObject();
    for (auto it = countersJson.begin(); it != countersJson.end(); ++it)
        s.counters.insert(it.key(), quint64(it.value().toDouble()));
    s.messagesUnmatched = quint64(num("messagesUnmatched"));
    // A damaged histogram is left out here; SessionMerge, which needs it, refuses it with a reason.
    if (auto h = HistogramBuckets::fromJson(o.value(QLatin1String("latencyHistogram")).toObject(), nullptr))
        s.latencyHistogram = *h;
    if (auto h = HistogramBuckets::fromJson(o.value(QLatin1String("reconnectHistogram")).toObject(), nullptr))
        s.reconnectHistogram = *h;
    return s;
}
