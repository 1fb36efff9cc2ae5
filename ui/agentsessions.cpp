#include "agentsessions.h"

#include "agentcommand.h"

#include <sessionmerge.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

QJsonObject AgentPlan::toJson() const
{
    QJsonObject json{{QStringLiteral("agents"), agents}};
    if (isRemote()) {
        json.insert(QStringLiteral("agentHosts"), QJsonArray::fromStringList(hosts));
        json.insert(QStringLiteral("agentCommand"), commandTemplate);
    }
    return json;
}

AgentPlan AgentPlan::fromJson(const QJsonObject &json, const AgentPlan &defaults)
{
    AgentPlan plan = defaults;
    plan.agents = json.value(QLatin1String("agents")).toInt(defaults.agents);
    if (json.contains(QLatin1String("agentHosts"))) {
        plan.hosts.clear();
        for (const QJsonValue &host : json.value(QLatin1String("agentHosts")).toArray())
            plan.hosts.append(host.toString());
    }
    plan.commandTemplate = json.value(QLatin1String("agentCommand")).toString(defaults.commandTemplate);
    return plan;
}

QString AgentPlan::validationError() const
{
    if (!isRemote())
        return {};
    static const QRegularExpression hostName(QStringLiteral("^[A-Za-z0-9_.@:\\[\\]-]+$"));
    for (const QString &host : hosts) {
        if (!hostName.match(host).hasMatch())
            return QCoreApplication::translate("AgentPlan", "agent host \"%1\" is not a host name, user@host or address").arg(host);
    }
    if (agents < hosts.size())
        return QCoreApplication::translate("AgentPlan", "%1 agent hosts but %2 agents: every host runs at least one")
            .arg(hosts.size())
            .arg(agents);
    return AgentCommand::check(commandTemplate);
}

QVector<EngineCommand> AgentSessions::commands(const QString &localProgram, const QStringList &arguments,
                                               const AgentPlan &plan, qint64 nowMs)
{
    m_sessions = QVector<std::optional<Session>>(plan.agents);
    const int delayMs = plan.isRemote() ? kRemoteStartDelayMs : kStartDelayMs;
    const QString startAt = QString::number(nowMs + delayMs);
    QVector<EngineCommand> commands;
    for (int i = 0; i < plan.agents; ++i) {
        const QStringList own = arguments
            + QStringList{QStringLiteral("--shard"), QStringLiteral("%1/%2").arg(i + 1).arg(plan.agents),
                          QStringLiteral("--start-at"), startAt, QStringLiteral("--out"), QStringLiteral("-")};
        if (plan.isRemote())
            commands.append(AgentCommand::expand(plan.commandTemplate, plan.hosts.at(i % plan.hosts.size()),
                                                 own + QStringList{QStringLiteral("--stop-when-stdin-closes")}));
        else
            commands.append({localProgram, own});
    }
    return commands;
}

void AgentSessions::received(int agent, const Session &session)
{
    if (agent >= 0 && agent < m_sessions.size())
        m_sessions[agent] = session;
}

std::optional<Session> AgentSessions::merge(QStringList *skipped, QString *error) const
{
    QVector<SessionMerge::Input> inputs;
    for (int i = 0; i < m_sessions.size(); ++i) {
        if (m_sessions.at(i))
            inputs.append({QStringLiteral("agent %1").arg(i + 1), *m_sessions.at(i)});
        else
            skipped->append(QStringLiteral("agent %1").arg(i + 1));
    }
    if (inputs.isEmpty()) {
        *error = QCoreApplication::translate("AgentSessions", "no agent sent its results");
        return std::nullopt;
    }
    if (inputs.size() == 1) // one run merges with nothing; it is the run as far as it is known
        return inputs.first().session;
    return SessionMerge::merge(inputs, error);
}
