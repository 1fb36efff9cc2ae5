#include "sessionfile.h"

#include "atomicwrite.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

const QLatin1String kFormat("socketscope-session");

QJsonArray samplesToJson(const QVector<MetricSample> &samples)
{
    QJsonArray array;
    for (const MetricSample &s : samples)
        array.append(s.toJson());
    return array;
}

bool samplesFromJson(const QJsonArray &array, QVector<MetricSample> *out, const QString &where, QString *error)
{
    for (int i = 0; i < array.size(); ++i) {
        QString why;
        const auto sample = MetricSample::fromJson(array.at(i).toObject(), &why);
        if (!sample) {
            *error = QStringLiteral("%1sample %2: %3").arg(where).arg(i).arg(why);
            return false;
        }
        out->append(*sample);
    }
    return true;
}

const QLatin1String kSeverityNames[] = {QLatin1String("auto"), QLatin1String("info"), QLatin1String("warning"),
                                        QLatin1String("error")};

bool startsWithAny(const QString &text, std::initializer_list<const char *> prefixes)
{
    for (const char *prefix : prefixes) {
        if (text.startsWith(QLatin1String(prefix)))
            return true;
    }
    return false;
}

} // namespace

SessionEvent::Severity SessionEvent::severityOfKind(const QString &kind)
{
    if (startsWithAny(kind, {"connect_", "protocol_", "close_", "child_died", "child_failed", "closed_by_server", "lost",
                             "duplicate", "threshold_failed", "server_died"})
        || kind.contains(QLatin1String("timeout")))
        return Severity::Error;
    if (startsWithAny(kind, {"send_skipped", "scrape_failed", "refused_", "run_", "broadcast_drops", "slow_", "port_group_left"}))
        return Severity::Warning;
    return Severity::Info;
}

SessionEvent::Severity SessionEvent::level() const
{
    if (severity != Severity::Auto)
        return severity;
    // socketscope-load names one kind for every threshold and says in the text whether it failed.
    if (kind == QLatin1String("threshold"))
        return message.contains(QLatin1String("FAILED")) ? Severity::Error : Severity::Info;
    return severityOfKind(kind);
}

QJsonObject SessionEvent::toJson() const
{
    return QJsonObject{{QStringLiteral("t"), elapsedSec},
                       {QStringLiteral("source"), source},
                       {QStringLiteral("kind"), kind},
                       {QStringLiteral("message"), message},
                       {QStringLiteral("severity"), kSeverityNames[int(level())]}};
}

SessionEvent SessionEvent::fromJson(const QJsonObject &o)
{
    SessionEvent e{o.value(QLatin1String("t")).toDouble(), o.value(QLatin1String("source")).toString(),
                   o.value(QLatin1String("kind")).toString(), o.value(QLatin1String("message")).toString()};
    const QString severity = o.value(QLatin1String("severity")).toString();
    for (int i = int(Severity::Info); i <= int(Severity::Error); ++i) {
        if (severity == kSeverityNames[i])
            e.severity = Severity(i);
    }
    return e;
}

QJsonObject SessionAgent::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("config"), config},
                       {QStringLiteral("samples"), samplesToJson(samples)},
                       {QStringLiteral("summary"), summary}};
}

QJsonObject Session::toJson() const
{
    QJsonArray eventsJson;
    for (const SessionEvent &e : events)
        eventsJson.append(e.toJson());
    QJsonObject o{{QStringLiteral("format"), kFormat},
                  {QStringLiteral("version"), kVersion},
                  {QStringLiteral("config"), config},
                  {QStringLiteral("samples"), samplesToJson(samples)},
                  {QStringLiteral("events"), eventsJson},
                  {QStringLiteral("summary"), summary}};
    if (!agents.isEmpty()) {
        QJsonArray agentsJson;
        for (const SessionAgent &a : agents)
            agentsJson.append(a.toJson());
        o.insert(QStringLiteral("agents"), agentsJson);
    }
    return o;
}

bool SessionFile::save(const QString &path, const Session &session, QString *error)
{
    return writeFileAtomically(path, QJsonDocument(session.toJson()).toJson(QJsonDocument::Indented), error);
}

std::optional<Session> SessionFile::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QString why;
    auto session = fromJson(file.readAll(), &why);
    if (!session)
        *error = QStringLiteral("%1 is not a readable SocketScope session: %2").arg(path, why);
    return session;
}

std::optional<Session> SessionFile::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("invalid JSON at byte %1 (%2); the file may be truncated or corrupt")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return std::nullopt;
    }
    return fromJsonObject(doc.object(), error);
}

std::optional<Session> SessionFile::fromJsonObject(const QJsonObject &root, QString *error)
{
    if (root.value(QLatin1String("format")).toString() != kFormat) {
        *error = QStringLiteral("\"format\" is not \"%1\"").arg(kFormat);
        return std::nullopt;
    }
    const int version = root.value(QLatin1String("version")).toInt(-1);
    if (version < 1) {
        *error = QStringLiteral("missing or invalid \"version\"");
        return std::nullopt;
    }
    if (version > Session::kVersion) {
        *error = QStringLiteral("written by a newer SocketScope (format version %1; this one reads up to %2)")
                     .arg(version)
                     .arg(Session::kVersion);
        return std::nullopt;
    }
    if (!root.value(QLatin1String("samples")).isArray()) {
        *error = QStringLiteral("no \"samples\" array");
        return std::nullopt;
    }
    Session session;
    session.config = root.value(QLatin1String("config")).toObject();
    session.summary = root.value(QLatin1String("summary")).toObject();
    if (!samplesFromJson(root.value(QLatin1String("samples")).toArray(), &session.samples, QString(), error))
        return std::nullopt;
    for (const QJsonValue &v : root.value(QLatin1String("events")).toArray())
        session.events.append(SessionEvent::fromJson(v.toObject()));
    const QJsonArray agents = root.value(QLatin1String("agents")).toArray();
    for (int i = 0; i < agents.size(); ++i) {
        const QJsonObject o = agents.at(i).toObject();
        SessionAgent agent{o.value(QLatin1String("name")).toString(), o.value(QLatin1String("config")).toObject(), {},
                           o.value(QLatin1String("summary")).toObject()};
        if (!samplesFromJson(o.value(QLatin1String("samples")).toArray(), &agent.samples,
                             QStringLiteral("agent %1, ").arg(i), error))
            return std::nullopt;
        session.agents.append(agent);
    }
    return session;
}
