#include "configtable.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QLocale>

#include <algorithm>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ConfigTable", text);
}

const QHash<QString, QString> &labels()
{
    static const QHash<QString, QString> names{
        {QStringLiteral("startedAtMs"), tr("Started")}, {QStringLiteral("startedAt"), tr("Started")},
        {QStringLiteral("cores"), tr("Cores of the machine")}, {QStringLiteral("serverIdleRssBytes"), tr("Server RSS before the load")},
        {QStringLiteral("mode"), tr("Server")}, {QStringLiteral("listen"), tr("Listen address")}, {QStringLiteral("port"), tr("Port")},
        {QStringLiteral("workers"), tr("Worker threads")}, {QStringLiteral("pingIntervalSec"), tr("Ping interval")},
        {QStringLiteral("pingTimeoutSec"), tr("Ping timeout")}, {QStringLiteral("maxConnections"), tr("Max connections")},
        {QStringLiteral("maxMessageKiB"), tr("Max message")}, {QStringLiteral("attachUrl"), tr("Attached URL")},
        {QStringLiteral("attachPid"), tr("Attached PID")}, {QStringLiteral("attachMetricsUrl"), tr("Metrics URL")},
        {QStringLiteral("attachSeries"), tr("Charted series")}, {QStringLiteral("target"), tr("Target")},
        {QStringLiteral("url"), tr("Target")}, {QStringLiteral("scenario"), tr("Scenario")},
        {QStringLiteral("connections"), tr("Connections")}, {QStringLiteral("rampPerSec"), tr("Ramp")},
        {QStringLiteral("threads"), tr("Load threads")}, {QStringLiteral("openLoop"), tr("Open loop")},
        {QStringLiteral("window"), tr("Window")}, {QStringLiteral("ratePerSec"), tr("Rate asked")},
        {QStringLiteral("publishers"), tr("Publishers")}, {QStringLiteral("churnPerSec"), tr("Churn")},
        {QStringLiteral("sizeBytes"), tr("Message size")}, {QStringLiteral("binary"), tr("Binary frames")},
        {QStringLiteral("insecureTls"), tr("Any TLS certificate")}, {QStringLiteral("durationSec"), tr("Duration")},
        {QStringLiteral("thresholds"), tr("Thresholds")}, {QStringLiteral("headers"), tr("Extra headers")},
        {QStringLiteral("scrapeUrl"), tr("Metrics URL")}, {QStringLiteral("pid"), tr("Watched PID")},
        {QStringLiteral("scenarioFile"), tr("Scenario file")}, {QStringLiteral("scenarioCsv"), tr("Scenario data")}};
    return names;
}

QString unitFor(const QString &key, double value)
{
    const QLocale locale;
    if (key.endsWith(QLatin1String("Ms")))
        return QDateTime::fromMSecsSinceEpoch(qint64(value)).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (key.endsWith(QLatin1String("RssBytes")))
        return tr("%1 MiB").arg(value / 1024 / 1024, 0, 'f', 1);
    if (key == QLatin1String("sizeBytes"))
        return tr("%1 bytes").arg(locale.toString(value, 'f', 0));
    if (key == QLatin1String("maxMessageKiB"))
        return tr("%1 KiB").arg(locale.toString(value, 'f', 0));
    if (key == QLatin1String("ratePerSec"))
        return tr("%1 /s").arg(locale.toString(value, 'f', 0));
    if (key.endsWith(QLatin1String("Sec")))
        return key.endsWith(QLatin1String("PerSec")) ? tr("%1 /s").arg(locale.toString(value, 'f', 0))
                                                     : tr("%1 s").arg(locale.toString(value, 'f', value == int(value) ? 0 : 1));
    return locale.toString(value, 'f', value == qint64(value) ? 0 : 2);
}

QString valueText(const QString &key, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? tr("yes") : tr("no");
    case QJsonValue::Double:
        if ((key == QLatin1String("port") || key == QLatin1String("workers") || key == QLatin1String("threads")
             || key == QLatin1String("rampPerSec") || key == QLatin1String("pingTimeoutSec") || key == QLatin1String("pid")
             || key == QLatin1String("churnPerSec"))
            && value.toDouble() == 0)
            return key == QLatin1String("port") ? tr("any free") : key == QLatin1String("rampPerSec") ? tr("all at once")
                : key == QLatin1String("churnPerSec") ? tr("off")
                : key == QLatin1String("pid") ? QString() : key == QLatin1String("pingTimeoutSec") ? tr("2 × interval") : tr("one per core");
        return unitFor(key, value.toDouble());
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue &v : value.toArray())
            items << v.toVariant().toString();
        return items.join(QStringLiteral(", "));
    }
    case QJsonValue::String:
        if (key == QLatin1String("startedAt"))
            return QDateTime::fromString(value.toString(), Qt::ISODate).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        if (key == QLatin1String("mode"))
            return value.toString() == QLatin1String("attach") ? tr("attached (started elsewhere)") : tr("SocketScope server, started by the console");
        return value.toString();
    default:
        return {};
    }
}

// Settings that mean nothing in the run's mode: an attached server has no worker count, etc.
bool applies(const QString &key, const QJsonObject &section)
{
    const bool attached = section.value(QLatin1String("mode")).toString() == QLatin1String("attach");
    if (key.startsWith(QLatin1String("attach")))
        return attached;
    if (attached && section.contains(QLatin1String("mode")))
        return key == QLatin1String("mode");
    const QString scenario = section.value(QLatin1String("scenario")).toString();
    const bool broadcast = scenario == QLatin1String("broadcast");
    // The console's panel says which pacing it chose; socketscope-load writes a rate only when open loop.
    const bool openLoop = section.contains(QLatin1String("openLoop")) ? section.value(QLatin1String("openLoop")).toBool()
                                                                      : section.value(QLatin1String("ratePerSec")).toDouble() > 0;
    // A scenario file's text has a tab of its own; where it was is the console's business, not the run's.
    if (key == QLatin1String("scenarioText") || key == QLatin1String("scenarioPath"))
        return false;
    if (scenario == QLatin1String("file") && (key == QLatin1String("sizeBytes") || key == QLatin1String("binary")))
        return false;
    if (key == QLatin1String("publishers") || key == QLatin1String("publishRatePerSec"))
        return broadcast;
    if (key == QLatin1String("echoRatePerSec"))
        return false; // the asked rate is "ratePerSec"
    if (key == QLatin1String("window"))
        return scenario == QLatin1String("echo") && !openLoop;
    if (key == QLatin1String("ratePerSec"))
        return broadcast || (scenario == QLatin1String("echo") && openLoop);
    if (key == QLatin1String("openLoop"))
        return scenario == QLatin1String("echo");
    return true;
}

// When and what first; the rest as JSON orders them (alphabetically).
int rank(const QString &key)
{
    static const QStringList first{QStringLiteral("startedAtMs"), QStringLiteral("startedAt"), QStringLiteral("mode"),
                                   QStringLiteral("url"), QStringLiteral("target"), QStringLiteral("scenario"),
                                   QStringLiteral("connections"), QStringLiteral("durationSec"), QStringLiteral("thresholds")};
    const int index = int(first.indexOf(key));
    return index < 0 ? int(first.size()) : index;
}

void addSection(QVector<ConfigTable::Row> *rows, const QString &section, const QJsonObject &object)
{
    QStringList keys = object.keys();
    std::stable_sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) { return rank(a) < rank(b); });
    for (const QString &key : std::as_const(keys)) {
        const auto it = object.constFind(key);
        if (it->isObject() || !applies(it.key(), object))
            continue;
        const QString value = valueText(it.key(), *it);
        if (!value.isEmpty())
            rows->append({section, labels().value(it.key(), it.key()), value});
    }
}

} // namespace

QVector<ConfigTable::Row> ConfigTable::rows(const QJsonObject &config)
{
    QVector<Row> rows;
    addSection(&rows, tr("Run"), config);
    addSection(&rows, tr("Server"), config.value(QLatin1String("server")).toObject());
    addSection(&rows, tr("Load"), config.value(QLatin1String("load")).toObject());
    return rows;
}
