#include "metricsample.h"

#include <QJsonArray>

namespace {

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
    l.count = quint64(o.value(QLatin1String("count")).toDouble());
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
    p.rssBytes = qint64(o.value(QLatin1String("rssBytes")).toDouble());
    p.cpuPercent = o.value(QLatin1String("cpuPercent")).toDouble();
    p.cpuSeconds = o.value(QLatin1String("cpuSeconds")).toDouble();
    p.threads = o.value(QLatin1String("threads")).toInt();
    p.openFds = o.value(QLatin1String("openFds")).toInt();
    p.valid = !o.isEmpty();
    return p;
}

quint64 toCount(const QJsonValue &v)
{
    return v.isDouble() && v.toDouble() > 0 ? quint64(v.toDouble()) : 0;
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
        o.insert(QStringLiteral("unmatched"), double(unmatched));
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
    s.timestampMs = qint64(o.value(QLatin1String("ts")).toDouble());
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
    s.unmatched = toCount(o.value(QLatin1String("unmatched")));
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
    return s;
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
