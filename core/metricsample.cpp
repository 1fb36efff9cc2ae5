#include "metricsample.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

namespace {

// JSON numbers are doubles and a file may hold any: converting one outside the integer's range is
// undefined behaviour (fuzz_sessionfile found "ts": 1.7e93), so they are clamped.
quint64 toCount(const QJsonValue &v)
{
    const double d = v.toDouble();
    if (!(d > 0))
        return 0; // NaN too
    return d >= 0x1p64 ? std::numeric_limits<quint64>::max() : quint64(d);
}

qint64 toInt64(const QJsonValue &v)
{
    const double d = v.toDouble();
    if (std::isnan(d))
        return 0;
    if (d >= 0x1p63)
        return std::numeric_limits<qint64>::max();
    return d < -0x1p63 ? std::numeric_limits<qint64>::min() : qint64(d);
}

QJsonObject latencyToJson(const LatencySummary &l)
{
    return QJsonObject{{QStringLiteral("p50"), l.p50Ms},  {QStringLiteral("p90"), l.p90Ms},
                       {QStringLiteral("p99"), l.p99Ms},  {QStringLiteral("p999"), l.p999Ms},
                       {QStringLiteral("max"), l.maxMs}, {QStringLiteral("count"), double(l.count)}};
}

LatencySummary latencyFromJson(const QJsonObject &o)
{
    LatencySummary l;
    l.p50Ms = o.value(QLatin1String("p50")).toDouble();
    l.p90Ms = o.value(QLatin1String("p90")).toDouble();
    l.p99Ms = o.value(QLatin1String("p99")).toDouble();
    l.p999Ms = o.value(QLatin1String("p999")).toDouble();
    l.maxMs = o.value(QLatin1String("max")).toDouble();
    l.count = toCount(o.value(QLatin1String("count")));
    return l;
}

QJsonObject processToJson(const ProcessSnapshot &p)
{
    return QJsonObject{{QStringLiteral("rssBytes"), double(p.rssBytes)},
                       {QStringLiteral("cpuPercent"), p.cpuPercent},
                       {QStringLiteral("cpuSeconds"), p.cpuSeconds},
                       {QStringLiteral("threads"), p.threads},
                       {QStringLiteral("openFds"), p.openFds}};
}

ProcessSnapshot processFromJson(const QJsonObject &o)
{
    ProcessSnapshot p;
    p.rssBytes = toInt64(o.value(QLatin1String("rssBytes")));
    p.cpuPercent = o.value(QLatin1String("cpuPercent")).toDouble();
    p.cpuSeconds = o.value(QLatin1String("cpuSeconds")).toDouble();
    p.threads = o.value(QLatin1String("threads")).toInt();
    p.openFds = o.value(QLatin1String("openFds")).toInt();
    p.valid = !o.isEmpty();
    return p;
}


QJsonObject namedMetricToJson(const NamedMetric &m)
{
    QJsonObject o{{QStringLiteral("count"), double(m.count)}, {QStringLiteral("timeouts"), double(m.timeouts)}};
    if (m.latency.count > 0)
        o.insert(QStringLiteral("latencyMs"), latencyToJson(m.latency));
    return o;
}

NamedMetric namedMetricFromJson(const QJsonObject &o)
{
    NamedMetric m;
    m.count = toCount(o.value(QLatin1String("count")));
    m.timeouts = toCount(o.value(QLatin1String("timeouts")));
    m.latency = latencyFromJson(o.value(QLatin1String("latencyMs")).toObject());
    return m;
}

} // namespace

QJsonObject MetricSample::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("source"), source);
    o.insert(QStringLiteral("ts"), double(timestampMs));
    o.insert(QStringLiteral("t"), elapsedSec);
    o.insert(QStringLiteral("connections"), double(connections));
    o.insert(QStringLiteral("connecting"), double(connecting));
    o.insert(QStringLiteral("connectionsFailed"), double(connectionsFailed));
    QJsonArray perWorker;
    for (quint64 n : connectionsPerWorker)
        perWorker.append(double(n));
    o.insert(QStringLiteral("connectionsPerWorker"), perWorker);
    o.insert(QStringLiteral("messagesSent"), double(messagesSent));
    o.insert(QStringLiteral("messagesReceived"), double(messagesReceived));
    o.insert(QStringLiteral("bytesSent"), double(bytesSent));
    o.insert(QStringLiteral("bytesReceived"), double(bytesReceived));
    o.insert(QStringLiteral("sentPerSec"), sentPerSec);
    o.insert(QStringLiteral("receivedPerSec"), receivedPerSec);
    if (source == QLatin1String("load")) {
        o.insert(QStringLiteral("reconnecting"), double(reconnecting));
        o.insert(QStringLiteral("reconnects"), double(reconnects));
        o.insert(QStringLiteral("reconnectGiveUps"), double(reconnectGiveUps));
    }
    QJsonObject errorsJson;
    for (auto it = errors.cbegin(); it != errors.cend(); ++it)
        errorsJson.insert(it.key(), double(it.value()));
    o.insert(QStringLiteral("errors"), errorsJson);
    QJsonObject codesJson;
    for (auto it = closeCodes.cbegin(); it != closeCodes.cend(); ++it)
        codesJson.insert(QString::number(it.key()), double(it.value()));
    o.insert(QStringLiteral("closeCodes"), codesJson);
    if (latency)
        o.insert(QStringLiteral("latencyMs"), latencyToJson(*latency));
    if (!latencyHistogram.isEmpty())
        o.insert(QStringLiteral("latencyHistogram"), latencyHistogram.toJson());
    if (reconnectTime)
        o.insert(QStringLiteral("reconnectMs"), latencyToJson(*reconnectTime));
    if (process.valid)
        o.insert(QStringLiteral("process"), processToJson(process));
    if (!target.isEmpty()) {
        QJsonObject targetJson;
        for (auto it = target.cbegin(); it != target.cend(); ++it)
            targetJson.insert(it.key(), it.value());
        o.insert(QStringLiteral("target"), targetJson);
    }
    if (!metrics.isEmpty()) {
        QJsonObject metricsJson;
        for (auto it = metrics.cbegin(); it != metrics.cend(); ++it)
            metricsJson.insert(it.key(), namedMetricToJson(it.value()));
        o.insert(QStringLiteral("metrics"), metricsJson);
    }
    if (!counters.isEmpty()) {
        QJsonObject countersJson;
        for (auto it = counters.cbegin(); it != counters.cend(); ++it)
            countersJson.insert(it.key(), QJsonObject{{QStringLiteral("count"), double(it->count)}, {QStringLiteral("perSec"), it->perSec}});
        o.insert(QStringLiteral("counters"), countersJson);
    }
    if (messagesUnmatched > 0)
        o.insert(QStringLiteral("messagesUnmatched"), double(messagesUnmatched));
    return o;
}

std::optional<MetricSample> MetricSample::fromJson(const QJsonObject &o, QString *error)
{
    const QJsonValue source = o.value(QLatin1String("source"));
    if (!source.isString() || !o.value(QLatin1String("t")).isDouble()) {
        if (error)
            *error = QStringLiteral("not a sample: needs a \"source\" string and a \"t\" number");
        return std::nullopt;
    }
    MetricSample s;
    s.source = source.toString();
    s.timestampMs = toInt64(o.value(QLatin1String("ts")));
    s.elapsedSec = o.value(QLatin1String("t")).toDouble();
    s.connections = toCount(o.value(QLatin1String("connections")));
    s.connecting = toCount(o.value(QLatin1String("connecting")));
    s.connectionsFailed = toCount(o.value(QLatin1String("connectionsFailed")));
    for (const QJsonValue &v : o.value(QLatin1String("connectionsPerWorker")).toArray())
        s.connectionsPerWorker.append(toCount(v));
    s.messagesSent = toCount(o.value(QLatin1String("messagesSent")));
    s.messagesReceived = toCount(o.value(QLatin1String("messagesReceived")));
    s.bytesSent = toCount(o.value(QLatin1String("bytesSent")));
    s.bytesReceived = toCount(o.value(QLatin1String("bytesReceived")));
    s.sentPerSec = o.value(QLatin1String("sentPerSec")).toDouble();
    s.receivedPerSec = o.value(QLatin1String("receivedPerSec")).toDouble();
    s.reconnecting = toCount(o.value(QLatin1String("reconnecting")));
    s.reconnects = toCount(o.value(QLatin1String("reconnects")));
    s.reconnectGiveUps = toCount(o.value(QLatin1String("reconnectGiveUps")));
    const QJsonObject errorsJson = o.value(QLatin1String("errors")).toObject();
    for (auto it = errorsJson.begin(); it != errorsJson.end(); ++it)
        s.errors.insert(it.key(), toCount(it.value()));
    const QJsonObject codesJson = o.value(QLatin1String("closeCodes")).toObject();
    for (auto it = codesJson.begin(); it != codesJson.end(); ++it) {
        bool ok = false;
        const int code = it.key().toInt(&ok);
        if (ok)
            s.closeCodes.insert(code, toCount(it.value()));
    }
    if (o.value(QLatin1String("latencyMs")).isObject())
        s.latency = latencyFromJson(o.value(QLatin1String("latencyMs")).toObject());
    if (o.contains(QLatin1String("latencyHistogram"))) {
        const auto histogram = HistogramBuckets::fromJson(o.value(QLatin1String("latencyHistogram")).toObject(), error);
        if (!histogram)
            return std::nullopt;
        s.latencyHistogram = *histogram;
    }
    if (o.value(QLatin1String("reconnectMs")).isObject())
        s.reconnectTime = latencyFromJson(o.value(QLatin1String("reconnectMs")).toObject());
    s.process = processFromJson(o.value(QLatin1String("process")).toObject());
    const QJsonObject targetJson = o.value(QLatin1String("target")).toObject();
    for (auto it = targetJson.begin(); it != targetJson.end(); ++it)
        s.target.insert(it.key(), it.value().toDouble());
    const QJsonObject metricsJson = o.value(QLatin1String("metrics")).toObject();
    for (auto it = metricsJson.begin(); it != metricsJson.end(); ++it)
        s.metrics.insert(it.key(), namedMetricFromJson(it.value().toObject()));
    const QJsonObject countersJson = o.value(QLatin1String("counters")).toObject();
    for (auto it = countersJson.begin(); it != countersJson.end(); ++it) {
        const QJsonObject c = it.value().toObject();
        s.counters.insert(it.key(), NamedCounter{toCount(c.value(QLatin1String("count"))), c.value(QLatin1String("perSec")).toDouble()});
    }
    s.messagesUnmatched = toCount(o.value(QLatin1String("messagesUnmatched")));
    return s;
}

double NamedMetric::timeoutPercent() const
{
    const quint64 attempts = count + timeouts;
    return attempts > 0 ? 100.0 * double(timeouts) / double(attempts) : 0;
}

quint64 MetricSample::errorCount() const
{
    quint64 total = connectionsFailed;
    for (auto it = errors.cbegin(); it != errors.cend(); ++it) {
        if (!it.key().startsWith(QLatin1String("connect_")) && !it.key().startsWith(QLatin1String("send_skipped")))
            total += it.value();
    }
    return total;
}
