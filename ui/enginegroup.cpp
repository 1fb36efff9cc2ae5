#include "enginegroup.h"

#include "engineprocess.h"

#include <algorithm>

EngineGroup::EngineGroup(const QString &source, QObject *parent)
    : QObject(parent)
    , m_source(source)
{
}

EngineGroup::~EngineGroup() = default; // the members are children: each kills its process if it still runs

QString EngineGroup::memberName(int index) const
{
    return m_source == QLatin1String("server") ? QStringLiteral("p%1").arg(index + 1) : tr("agent %1").arg(index + 1);
}

bool EngineGroup::isRunning() const
{
    return std::any_of(m_members.cbegin(), m_members.cend(), [](const EngineProcess *p) { return p->isRunning(); });
}

void EngineGroup::clear()
{
    // Later, not now: this may run from a slot the old member's own signal called.
    for (EngineProcess *p : std::as_const(m_members)) {
        p->disconnect(this);
        p->deleteLater();
    }
    m_members.clear();
    m_ready.clear();
    m_merger.reset();
    m_firstUrls = {};
    m_readyEmitted = false;
    m_restarting = -1;
    m_awaitingExit = false;
    m_failureReported = false;
    m_worstExitCode = 0;
    m_allCrashed = true;
    m_anyRequested = false;
}

void EngineGroup::start(const QVector<EngineCommand> &members)
{
    if (isRunning() || members.isEmpty())
        return;
    clear();
    m_program = members.constFirst().program; // restartOneByOne() is for local servers
    if (members.size() > 1)
        m_merger = std::make_unique<LiveSampleMerger>(int(members.size()));
    for (int i = 0; i < members.size(); ++i) {
        m_members.append(new EngineProcess(m_source, this));
        m_ready.append(false);
        wire(i);
    }
    for (int i = 0; i < members.size(); ++i)
        m_members.at(i)->start(members.at(i));
}

void EngineGroup::stop()
{
    m_restarting = -1;
    m_awaitingExit = false;
    for (EngineProcess *p : std::as_const(m_members))
        p->stop();
}

void EngineGroup::restartOneByOne(const QVector<QStringList> &argumentsPerMember)
{
    if (!isRunning() || isRestarting() || argumentsPerMember.size() != m_members.size())
        return;
    m_restartArguments = argumentsPerMember;
    restartMember(0);
}

void EngineGroup::restartMember(int index)
{
    m_restarting = index;
    Q_EMIT memberRestarting(index);
    EngineProcess *p = m_members.at(index);
    m_ready[index] = false;
    if (p->isRunning()) {
        m_awaitingExit = true;
        p->hangUp();
    } else {
        p->start(m_program, m_restartArguments.at(index)); // it had died: a restart brings it back too
    }
}

void EngineGroup::wire(int index)
{
    EngineProcess *p = m_members.at(index);
    connect(p, &EngineProcess::sampleReceived, this, [this, index](const MetricSample &sample) {
        Q_EMIT memberSampleReceived(index, sample);
        if (m_merger)
            emitMerged(m_merger->add(index, sample));
        else
            Q_EMIT sampleReceived(sample);
    });
    connect(p, &EngineProcess::eventReceived, this, [this, index, p](const SessionEvent &event) {
        SessionEvent named = event;
        if (size() > 1)
            named.message = memberName(index) + QStringLiteral(": ") + event.message;
        Q_EMIT eventReceived(named, p->startedAtMs());
    });
    connect(p, &EngineProcess::summaryReceived, this, [this](const QJsonObject &summary) {
        if (size() == 1)
            Q_EMIT summaryReceived(summary);
    });
    connect(p, &EngineProcess::sessionReceived, this, [this, index](const Session &session) {
        Q_EMIT memberSessionReceived(index, session);
    });
    connect(p, &EngineProcess::ready, this, [this, index](const QJsonObject &urls) { onMemberReady(index, urls); });
    connect(p, &EngineProcess::failedToStart, this, [this](const QString &reason) {
        if (!isRunning() && !std::exchange(m_failureReported, true))
            Q_EMIT failedToStart(reason);
    });
    connect(p, &EngineProcess::exited, this, [this, index](int exitCode, bool crashed, bool requested, const QString &stderrTail) {
        onMemberExited(index, exitCode, crashed, requested, stderrTail);
    });
}

void EngineGroup::onMemberReady(int index, const QJsonObject &urls)
{
    m_ready[index] = true;
    if (index == m_restarting) {
        renewMerger();
        if (index + 1 < size()) {
            restartMember(index + 1);
        } else {
            m_restarting = -1;
            Q_EMIT restartFinished(true);
        }
        return;
    }
    if (m_firstUrls.isEmpty())
        m_firstUrls = urls; // every member listens on the same port
    emitReadyOnceAllListen();
}

void EngineGroup::emitReadyOnceAllListen()
{
    // A member that exited before it listened holds nobody back: the others serve.
    for (int i = 0; i < size(); ++i) {
        if (!m_ready.at(i) && m_members.at(i)->isRunning())
            return;
    }
    if (!m_firstUrls.isEmpty() && !std::exchange(m_readyEmitted, true))
        Q_EMIT ready(m_firstUrls);
}

void EngineGroup::onMemberExited(int index, int exitCode, bool crashed, bool requested, const QString &stderrTail)
{
    m_ready[index] = false;
    if (m_merger) // its connections are gone; while it is down the others hold no second back for it
        emitMerged(m_merger->finishAgent(index));
    if (index == m_restarting && std::exchange(m_awaitingExit, false)) {
        m_members.at(index)->start(m_program, m_restartArguments.at(index));
        return;
    }
    if (index == m_restarting) { // the one started again exited before it listened
        m_restarting = -1;
        Q_EMIT restartFinished(false);
    }
    m_allCrashed = m_allCrashed && crashed;
    m_anyRequested = m_anyRequested || requested;
    if (!crashed)
        m_worstExitCode = qMax(m_worstExitCode, exitCode);
    if (isRunning()) {
        Q_EMIT memberExited(index, exitCode, crashed, requested, stderrTail);
        emitReadyOnceAllListen();
        return;
    }
    if (m_merger)
        emitMerged(m_merger->flush());
    Q_EMIT exited(m_worstExitCode, m_allCrashed, m_anyRequested, stderrTail);
}

void EngineGroup::renewMerger()
{
    // A finished agent never counts as running again in a LiveSampleMerger, and seconds would be
    // emitted without waiting for it: a member started again gets a fresh merger, in which every
    // second waits for every running member again.
    if (!m_merger)
        return;
    emitMerged(m_merger->flush());
    m_merger = std::make_unique<LiveSampleMerger>(size());
    for (int i = 0; i < size(); ++i) {
        if (!m_members.at(i)->isRunning())
            m_merger->finishAgent(i);
    }
}

void EngineGroup::emitMerged(const QVector<MetricSample> &merged)
{
    for (MetricSample sample : merged) {
        sample.source = m_source; // the merger speaks of load agents; a server group's sum is the server's
        Q_EMIT sampleReceived(sample);
    }
}
