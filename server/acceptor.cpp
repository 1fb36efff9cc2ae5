#include "acceptor.h"

#include "servercounters.h"
#include "serverworker.h"

Acceptor::Acceptor(const QVector<ServerWorker *> &workers, ServerCounters *counters, QObject *parent)
    : ListeningSocket(parent)
    , m_workers(workers)
    , m_counters(counters)
{
    connect(this, &ListeningSocket::accepted, this, &Acceptor::handOff);
    connect(this, &ListeningSocket::resourceError, this, [counters] { counters->countAcceptError(); });
    m_rejoinCheck.setInterval(kRejoinCheckMs);
    connect(&m_rejoinCheck, &QTimer::timeout, this, &Acceptor::rejoinGroupIfRoom);
}

void Acceptor::leaveGroupWhenFull(quint64 maxConnections)
{
    m_leaveAt = maxConnections;
}

void Acceptor::stopAccepting()
{
    m_leaveAt = 0;
    m_rejoinCheck.stop();
    close();
}

quint64 Acceptor::load() const
{
    return m_counters->admitted() + m_counters->connecting();
}

int Acceptor::pickWorker()
{
    const int n = int(m_workers.size());
    int best = m_next;
    quint64 bestLoad = std::numeric_limits<quint64>::max();
    for (int i = 0; i < n; ++i) {
        const int candidate = (m_next + i) % n;
        const WorkerCounters &w = m_counters->worker(candidate);
        const quint64 load = w.connections.load(std::memory_order_relaxed) + w.connecting.load(std::memory_order_relaxed);
        if (load < bestLoad) {
            bestLoad = load;
            best = candidate;
        }
    }
    m_next = (best + 1) % n;
    return best;
}

void Acceptor::handOff(qintptr descriptor)
{
    const int index = pickWorker();
    // Connecting from here, not from when the worker adopts it: a burst counts at once, for the
    // next pick and for leaving the group (else a member could rejoin while at its limit).
    bump(m_counters->worker(index).connecting);
    ServerWorker *worker = m_workers[index];
    QMetaObject::invokeMethod(worker, [worker, descriptor] { worker->adoptSocket(descriptor); }, Qt::QueuedConnection);
    if (m_leaveAt > 0 && !m_leaving && load() >= m_leaveAt) {
        m_leaving = true; // queued: the listener cannot close inside its own accept loop
        QMetaObject::invokeMethod(this, &Acceptor::leaveGroup, Qt::QueuedConnection);
    }
}

void Acceptor::leaveGroup()
{
    m_leaving = false;
    if (m_leaveAt == 0 || !isListening())
        return; // stopped meanwhile
    close(); // what waits in its backlog is reset; those clients reconnect to another member
    m_counters->setLeftPortGroup(true);
    m_rejoinCheck.start();
    Q_EMIT groupMembershipChanged(false, load(), QString());
}

void Acceptor::rejoinGroupIfRoom()
{
    const quint64 now = load();
    if (now * 100 >= m_leaveAt * kRejoinPercent)
        return;
    if (!relisten()) {
        Q_EMIT groupMembershipChanged(false, now, errorString());
        return; // tried again at the next check
    }
    m_rejoinCheck.stop();
    m_counters->setLeftPortGroup(false);
    Q_EMIT groupMembershipChanged(true, now, QString());
}
