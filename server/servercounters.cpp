#include "servercounters.h"

void WorkerCounters::countCloseCode(int code)
{
    const int slot = code - kFirstCloseCode;
    bump(closeCodes[slot >= 0 && slot < kCloseCodeSlots ? slot : kCloseCodeSlots]);
}

QString refusalName(Refusal reason)
{
    switch (reason) {
    case Refusal::MaxConnections: return QStringLiteral("max_connections");
    case Refusal::Unauthorized: return QStringLiteral("unauthorized");
    case Refusal::OriginRejected: return QStringLiteral("origin");
    case Refusal::BadRequest: return QStringLiteral("bad_request");
    case Refusal::NotFound: return QStringLiteral("not_found");
    case Refusal::Count: break;
    }
    return QString();
}

ServerCounters::ServerCounters(int workers)
    : m_workers(workers)
    , m_perWorker(new WorkerCounters[workers])
{
}

bool ServerCounters::tryAdmit(quint64 maxConnections)
{
    if (m_admitted.fetch_add(1, std::memory_order_relaxed) < maxConnections)
        return true;
    m_admitted.fetch_sub(1, std::memory_order_relaxed);
    return false;
}

void ServerCounters::release()
{
    m_admitted.fetch_sub(1, std::memory_order_relaxed);
}

quint64 ServerCounters::connecting() const
{
    quint64 sum = 0;
    for (int i = 0; i < m_workers; ++i)
        sum += m_perWorker[i].connecting.load(std::memory_order_relaxed);
    return sum;
}

void ServerCounters::setLeftPortGroup(bool left)
{
    m_leftPortGroup.store(left, std::memory_order_relaxed);
    if (left)
        bump(m_portGroupLeaves);
}

ServerTotals ServerCounters::totals() const
{
    auto load = [](const std::atomic<quint64> &a) { return a.load(std::memory_order_relaxed); };
    ServerTotals t;
    t.acceptErrors = load(m_acceptErrors);
    t.leftPortGroup = m_leftPortGroup.load(std::memory_order_relaxed);
    t.portGroupLeaves = load(m_portGroupLeaves);
    for (int i = 0; i < m_workers; ++i) {
        const WorkerCounters &w = m_perWorker[i];
        const quint64 open = load(w.connections);
        t.connectionsPerWorker.append(open);
        t.connections += open;
        t.subscribers += load(w.subscribers);
        t.connecting += load(w.connecting);
        t.accepted += load(w.accepted);
        t.messagesReceived += load(w.messagesReceived);
        t.messagesSent += load(w.messagesSent);
        t.bytesReceived += load(w.bytesReceived);
        t.bytesSent += load(w.bytesSent);
        t.heartbeatTimeouts += load(w.heartbeatTimeouts);
        t.heartbeatLateReads += load(w.heartbeatLateReads);
        t.handshakeTimeouts += load(w.handshakeTimeouts);
        t.broadcastDrops += load(w.broadcastDrops);
        t.slowConsumerCloses += load(w.slowConsumerCloses);
        t.socketErrors += load(w.socketErrors);
        t.httpRequests += load(w.httpRequests);
        for (int r = 0; r < int(Refusal::Count); ++r)
            t.refused[r] += load(w.refused[r]);
        for (int slot = 0; slot <= WorkerCounters::kCloseCodeSlots; ++slot) {
            if (const quint64 n = load(w.closeCodes[slot])) {
                const int code = slot < WorkerCounters::kCloseCodeSlots ? WorkerCounters::kFirstCloseCode + slot : 0;
                t.closeCodes[code] += n;
            }
        }
    }
    return t;
}

quint64 ServerTotals::refusedTotal() const
{
    quint64 sum = 0;
    for (quint64 n : refused)
        sum += n;
    return sum;
}

QMap<QString, quint64> ServerTotals::errorsByKind() const
{
    QMap<QString, quint64> kinds{
        {QStringLiteral("heartbeat_timeout"), heartbeatTimeouts},
        {QStringLiteral("handshake_timeout"), handshakeTimeouts},
        {QStringLiteral("broadcast_drop"), broadcastDrops},
        {QStringLiteral("slow_consumer_close"), slowConsumerCloses},
        {QStringLiteral("socket_error"), socketErrors},
        {QStringLiteral("accept_error"), acceptErrors},
        {QStringLiteral("protocol_error"), closeCodes.value(1002)},
        {QStringLiteral("invalid_payload"), closeCodes.value(1007)},
        {QStringLiteral("message_too_big"), closeCodes.value(1009)},
    };
    for (int r = 0; r < int(Refusal::Count); ++r)
        kinds.insert(QStringLiteral("refused_") + refusalName(Refusal(r)), refused[r]);
    return kinds;
}
