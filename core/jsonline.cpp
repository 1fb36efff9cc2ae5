#include "jsonline.h"

#include <QJsonDocument>

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray typed(const QString &type, const QString &key, const QJsonObject &body)
{
    return compact(QJsonObject{{QStringLiteral("type"), type}, {key, body}});
}

} // namespace

JsonLine JsonLine::parse(const QByteArray &line)
{
    JsonLine result;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        result.error = QStringLiteral("not a JSON object: %1").arg(QString::fromUtf8(line.left(80)));
        return result;
    }
    const QJsonObject root = doc.object();
    const QString type = root.value(QLatin1String("type")).toString();
    if (type.isEmpty()) {
        if (auto sample = MetricSample::fromJson(root, &result.error)) {
            result.sample = *sample;
            result.kind = Kind::Sample;
        }
    } else if (type == QLatin1String("event")) {
        result.event = SessionEvent::fromJson(root.value(QLatin1String("event")).toObject());
        result.kind = Kind::Event;
    } else if (type == QLatin1String("summary")) {
        result.object = root.value(QLatin1String("summary")).toObject();
        result.kind = Kind::Summary;
    } else if (type == QLatin1String("ready")) {
        result.object = root.value(QLatin1String("urls")).toObject();
        result.kind = Kind::Ready;
    } else if (type == QLatin1String("session")) {
        if (auto session = SessionFile::fromJsonObject(root.value(QLatin1String("session")).toObject(), &result.error)) {
            result.session = *session;
            result.kind = Kind::Session;
        }
    } else {
        result.error = QStringLiteral("unknown line type \"%1\"").arg(type);
    }
    return result;
}

QByteArray JsonLine::fromSample(const MetricSample &sample)
{
    return compact(sample.toJson());
}

QByteArray JsonLine::fromEvent(const SessionEvent &event)
{
    return typed(QStringLiteral("event"), QStringLiteral("event"), event.toJson());
}

QByteArray JsonLine::fromSummary(const QJsonObject &summary)
{
    return typed(QStringLiteral("summary"), QStringLiteral("summary"), summary);
}

QByteArray JsonLine::fromReady(const QJsonObject &urls)
{
    return typed(QStringLiteral("ready"), QStringLiteral("urls"), urls);
}

QByteArray JsonLine::fromSession(const Session &session)
{
    return typed(QStringLiteral("session"), QStringLiteral("session"), session.toJson());
}
