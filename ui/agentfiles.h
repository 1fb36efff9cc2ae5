#pragma once

#include <sessionfile.h>

#include <QStringList>
#include <QTemporaryDir>
#include <QVector>

#include <optional>

// The session files of N local load agents sharing one load: each agent's arguments for its part
// (--shard K/N, one --start-at for all, -o into a temporary folder), and once they have exited
// their files merged as `socketscope-load --merge` merges them (SessionMerge).
class AgentFiles
{
public:
    // Agents start this long after the console asks, so all of them are up to open together.
    static constexpr int kStartDelayMs = 1500;

    // Every agent's command line: arguments plus its shard, the common start and its file.
    QVector<QStringList> argumentsPerAgent(const QStringList &arguments, int agents, qint64 nowMs);
    // nullopt with a readable *error when no agent left a usable file or they do not merge;
    // *skipped names agents whose file is missing or unreadable (e.g. it was killed).
    std::optional<Session> merge(QStringList *skipped, QString *error) const;

private:
    QString pathOf(int agent) const;

    std::optional<QTemporaryDir> m_dir;
    int m_agents = 0;
};
