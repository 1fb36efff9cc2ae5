#pragma once

#include "engineprocess.h"

#include <jsonline.h>
#include <livesamplemerger.h>

#include <QObject>
#include <QStringList>
#include <QVector>

#include <memory>


// N copies of one engine CLI run as one: a server group sharing a port, or N load agents sharing
// a load. Their samples are merged per second of the run by LiveSampleMerger, so the group reads
// as one source; each member's own samples come out too, for a per-member breakdown. A member
// that dies is reported while the others go on; the group has exited once every member has.
// A group of one passes its member's samples through unchanged.
// All signals fire in the thread that owns this object.
class EngineGroup : public QObject
{
    Q_OBJECT
public:
    explicit EngineGroup(const QString &source, QObject *parent = nullptr);
    ~EngineGroup() override;

    // One member per argument list; the group is replaced only when nothing runs.
    void start(const QVector<EngineCommand> &members);
    void stop(); // every member: EngineProcess::stop()
    // SIGHUP to each member in turn (a server closes every client with 1012), started again with
    // these arguments once it has exited, the next one once it listens again.
    void restartOneByOne(const QVector<QStringList> &argumentsPerMember);

    bool isRunning() const;
    bool isRestarting() const { return m_restarting >= 0; }
    int size() const { return int(m_members.size()); }
    EngineProcess *member(int index) const { return m_members.value(index); }
    QString source() const { return m_source; }
    // "p2" for a server member, "agent 2" for a load agent.
    QString memberName(int index) const;

Q_SIGNALS:
    void sampleReceived(const MetricSample &sample); // the group's, merged
    void memberSampleReceived(int member, const MetricSample &sample);
    // Its time is seconds since memberStartedAtMs; a member of a larger group names itself in the message.
    void eventReceived(const SessionEvent &event, qint64 memberStartedAtMs);
    void summaryReceived(const QJsonObject &summary); // a group of one only: a merged summary needs every member's session
    void memberSessionReceived(int member, const Session &session); // a member run with --out -
    void ready(const QJsonObject &urls); // once every running member listens: the first one's URLs
    // A member exited while others still run (not during a restart of it).
    void memberExited(int member, int exitCode, bool crashed, bool requested, const QString &stderrTail);
    void memberRestarting(int member);
    // After restartOneByOne(): every member listens again, or one did not come back.
    void restartFinished(bool everyMemberBack);
    // The last member exited: crashed only if every member crashed unasked, the highest exit code
    // of the others, the last member's stderr tail.
    void exited(int exitCode, bool crashed, bool requested, const QString &stderrTail);
    void failedToStart(const QString &reason);

private:
    void clear();
    void restartMember(int index);
    void wire(int index);
    void onMemberExited(int index, int exitCode, bool crashed, bool requested, const QString &stderrTail);
    void onMemberReady(int index, const QJsonObject &urls);
    void emitReadyOnceAllListen();
    void renewMerger();
    void emitMerged(const QVector<MetricSample> &merged);

    QString m_source;
    QString m_program;
    QVector<EngineProcess *> m_members;
    QVector<QStringList> m_restartArguments;
    std::unique_ptr<LiveSampleMerger> m_merger;
    QVector<bool> m_ready;
    QJsonObject m_firstUrls;
    int m_restarting = -1; // the member being restarted
    bool m_awaitingExit = false; // it was hung up and has not exited yet
    bool m_failureReported = false;
    bool m_readyEmitted = false;
    int m_worstExitCode = 0;
    bool m_allCrashed = true;
    bool m_anyRequested = false;
};
