#pragma once

#include "agentplan.h"
#include "engineprocess.h"

#include <sessionfile.h>

#include <QStringList>
#include <QVector>

#include <optional>

// The runs of N load agents sharing one load: each agent's command for its part (--shard K/N, one
// --start-at for all, --out - so its session comes back on stdout wherever it runs), and once
// they have exited their sessions merged as `socketscope-load --merge` merges files (SessionMerge).
class AgentSessions
{
public:
    // Agents start this long after the console asks, so all of them are up to open together;
    // remote ones get longer for the ssh logins.
    static constexpr int kStartDelayMs = 1500;
    static constexpr int kRemoteStartDelayMs = 6000;

    // Every agent's command: the local program, or the plan's template on its host.
    QVector<EngineCommand> commands(const QString &localProgram, const QStringList &arguments, const AgentPlan &plan,
                                    qint64 nowMs);
    qint64 startAtMs() const { return m_startAtMs; } // when the agents' engines start: their clocks' zero
    void received(int agent, const Session &session);
    // nullopt with a readable *error when no agent sent its session or they do not merge;
    // *skipped names agents that sent none (e.g. one was killed).
    std::optional<Session> merge(QStringList *skipped, QString *error) const;

private:
    QVector<std::optional<Session>> m_sessions;
    qint64 m_startAtMs = 0;
};
