#include "samplecsv.h"

#include "atomicwrite.h"

#include <QSet>
#include <QStringList>

#include <algorithm>

namespace {

QString field(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString number(double value)
{
    return QString::number(value, 'g', 12);
}

template<typename Key, typename Map>
QList<Key> unionOfKeys(const QVector<MetricSample> &samples, Map MetricSample::*member)
{
    QSet<Key> keys;
    for (const MetricSample &s : samples) {
        const auto map = s.*member;
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            keys.insert(it.key());
    }
    QList<Key> sorted = keys.values();
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

} // namespace

QByteArray SampleCsv::toCsv(const QVector<MetricSample> &samples)
{
    const QList<QString> errorKinds = unionOfKeys<QString>(samples, &MetricSample::errors);
    const QList<int> closeCodes = unionOfKeys<int>(samples, &MetricSample::closeCodes);
    const QList<QString> targetKeys = unionOfKeys<QString>(samples, &MetricSample::target);
    int workers = 0;
    for (const MetricSample &s : samples)
        workers = qMax(workers, int(s.connectionsPerWorker.size()));

    QStringList header{QStringLiteral("source"), QStringLiteral("t"), QStringLiteral("ts"), QStringLiteral("connections"),
                       QStringLiteral("connecting"), QStringLiteral("connectionsFailed"), QStringLiteral("messagesSent"),
                       QStringLiteral("messagesReceived"), QStringLiteral("bytesSent"), QStringLiteral("bytesReceived"),
                       QStringLiteral("sentPerSec"), QStringLiteral("receivedPerSec"), QStringLiteral("p50Ms"),
                       QStringLiteral("p90Ms"), QStringLiteral("p99Ms"), QStringLiteral("p999Ms"), QStringLiteral("maxMs"),
                       QStringLiteral("rssBytes"), QStringLiteral("cpuPercent"), QStringLiteral("threads")};
    for (int w = 0; w < workers; ++w)
        header << QStringLiteral("worker%1").arg(w);
    for (const QString &kind : errorKinds)
        header << QStringLiteral("error_") + kind;
    for (int code : closeCodes)
        header << QStringLiteral("close_%1").arg(code);
    for (const QString &key : targetKeys)
        header << QStringLiteral("target_") + key;
    for (QString &h : header)
        h = field(h);

    QByteArray csv = header.join(QLatin1Char(',')).toUtf8() + '\n';
    for (const MetricSample &s : samples) {
        const LatencySummary l = s.latency.value_or(LatencySummary());
        const bool hasLatency = s.latency.has_value();
        auto latency = [hasLatency](double v) { return hasLatency ? number(v) : QString(); };
        QStringList row{field(s.source), number(s.elapsedSec), QString::number(s.timestampMs),
                        QString::number(s.connections), QString::number(s.connecting), QString::number(s.connectionsFailed),
                        QString::number(s.messagesSent), QString::number(s.messagesReceived), QString::number(s.bytesSent),
                        QString::number(s.bytesReceived), number(s.sentPerSec), number(s.receivedPerSec), latency(l.p50Ms),
                        latency(l.p90Ms), latency(l.p99Ms), latency(l.p999Ms), latency(l.maxMs),
                        QString::number(s.process.rssBytes), number(s.process.cpuPercent), QString::number(s.process.threads)};
        for (int w = 0; w < workers; ++w)
            row << (w < s.connectionsPerWorker.size() ? QString::number(s.connectionsPerWorker.at(w)) : QString());
        for (const QString &kind : errorKinds)
            row << QString::number(s.errors.value(kind));
        for (int code : closeCodes)
            row << QString::number(s.closeCodes.value(code));
        for (const QString &key : targetKeys)
            row << (s.target.contains(key) ? number(s.target.value(key)) : QString());
        csv += row.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    return csv;
}

bool SampleCsv::save(const QString &path, const QVector<MetricSample> &samples, QString *error)
{
    return writeFileAtomically(path, toCsv(samples), error);
}
