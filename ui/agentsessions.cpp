#include "agentsessions.h"

#include "agentcommand.h"

#include <sessionmerge.h>

#include <QCoreApplication>

QVector<EngineCommand> AgentSessions::commands(const QString &localProgram, const QStringList &arguments,
                                               const AgentPlan &plan, qint64 nowMs)
{
    m_sessions = QVector<std::optional<Session>>(plan.agents);
    const int delayMs = plan.isRemote() ? kRemoteStartDelayMs : kStartDelayMs;
    m_startAtMs = nowMs + delayMs;
    const QString startAt = QString::number(m_startAtMs);
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
