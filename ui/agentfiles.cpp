#include "agentfiles.h"

#include <sessionmerge.h>

#include <QCoreApplication>
#include <QDir>

QString AgentFiles::pathOf(int agent) const
{
    return QDir(m_dir->path()).filePath(QStringLiteral("agent-%1.json").arg(agent + 1));
}

QVector<QStringList> AgentFiles::argumentsPerAgent(const QStringList &arguments, int agents, qint64 nowMs)
{
    m_dir.emplace(); // a new folder per run: the files of the previous one go with the old
    m_agents = agents;
    const QString startAt = QString::number(nowMs + kStartDelayMs);
    QVector<QStringList> perAgent;
    for (int i = 0; i < agents; ++i)
        perAgent.append(arguments
                        + QStringList{QStringLiteral("--shard"), QStringLiteral("%1/%2").arg(i + 1).arg(agents),
                                      QStringLiteral("--start-at"), startAt, QStringLiteral("--out"), pathOf(i)});
    return perAgent;
}

std::optional<Session> AgentFiles::merge(QStringList *skipped, QString *error) const
{
    if (!m_dir || !m_dir->isValid()) {
        *error = QCoreApplication::translate("AgentFiles", "no folder for the agents' files");
        return std::nullopt;
    }
    QVector<SessionMerge::Input> inputs;
    for (int i = 0; i < m_agents; ++i) {
        QString why;
        if (std::optional<Session> session = SessionFile::load(pathOf(i), &why))
            inputs.append({QStringLiteral("agent %1").arg(i + 1), *session});
        else
            skipped->append(QStringLiteral("agent %1 (%2)").arg(i + 1).arg(why));
    }
    if (inputs.isEmpty()) {
        *error = QCoreApplication::translate("AgentFiles", "no agent left a session file");
        return std::nullopt;
    }
    if (inputs.size() == 1) // one file merges with nothing; it is the run as far as it is known
        return inputs.first().session;
    return SessionMerge::merge(inputs, error);
}
