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
    ServerWorker *worker = m_workers[pickWorker()];
    QMetaObject::invokeMethod(worker, [worker, descriptor] { worker->adoptSocket(descriptor); }, Qt::QueuedConnection);
}
