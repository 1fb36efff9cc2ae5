#include "loadworker.h"

#include "messagecodec.h"

#include <socketaddress.h>

#include <QLoggingCategory>
#include <QtEndian>

#include <algorithm>

Q_LOGGING_CATEGORY(lcLoad, "socketscope.load", QtWarningMsg)

namespace {
constexpr int kTickMs = 5;
constexpr qint64 kSweepEveryNs = 100'000'000; // handshake, close and heartbeat deadlines
constexpr quint64 kMaxConnectingPerWorker = 1024; // beyond this a ramp becomes a SYN flood
constexpr qsizetype kMaxPendingBytes = 4 << 20; // client-side back-pressure bound per connection
constexpr quint64 kMaxMessageBytes = quint64(64) << 20;

qint64 seconds(double s)
{
    return qint64(s * 1e9);
}

// Server closes after which a client comes back (the origin service's rule): going away, a drop,
// server error, restart, try again later.
bool reconnectsAfter(int code)
{
    return code == 1001 || code == 1006 || code == 1011 || code == 1012 || code == 1013;
}

} // namespace

LoadWorker::LoadWorker(int index, int threadCount, const LoadConfig &config)
    : m_index(index)
    , m_threadCount(threadCount)
    , m_config(config)
{
    m_counts.worker = index;
    m_tick.setParent(this);
    m_tick.setTimerType(Qt::PreciseTimer);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &LoadWorker::tick);
}

LoadWorker::~LoadWorker()
{
    m_clients.clear(); // before the context they use
}

void LoadWorker::start()
{
    // Everything per connection is made here, in the worker's thread, next to where it is used.
    const bool tls = m_config.url.scheme() == QLatin1String("wss");
    m_context = std::make_unique<ClientContext>();
    QString error;
    const int family = m_config.sourceAddresses.isEmpty() ? AF_UNSPEC
        : m_config.sourceAddresses.first().protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
    if (!m_context->open(tls, m_config.insecureTls, &error)) {
        qCWarning(lcLoad) << error;
        m_setupFailure = "setup_failed";
    } else if (!(m_target = ConnectTarget::resolve(m_config.url, family, &error))) {
        qCWarning(lcLoad) << error;
        m_setupFailure = "host_not_found";
    }
    m_request = Handshake::requestFor(m_config.url);
    m_request.origin = m_config.origin.toUtf8();
    m_request.subprotocol = m_config.subprotocol.toUtf8();
    m_request.headers = m_config.headers;
    for (const QHostAddress &a : m_config.sourceAddresses) {
        m_sources.emplace_back();
        m_sourceLength = socketAddress(a, 0, &m_sources.back());
    }
    const bool broadcast = m_config.scenario == LoadConfig::Scenario::Broadcast;
    // Global connection numbers: with --shard K/N this agent's are K-1, K-1+N, ... (LoadShard).
    for (int local = m_index; local < m_config.localConnections(); local += m_threadCount) {
        const int id = m_config.shard.globalNumber(local);
        auto c = std::make_unique<Client>(this, m_context.get(), quint32(m_clients.size()), kMaxMessageBytes);
        c->id = quint32(id);
        if (broadcast) {
            c->expectedFromPublisher.assign(size_t(m_config.publishers), kNotSeenYet);
            if (id < m_config.publishers)
                m_publishers.push_back(c.get());
        }
        m_clients.push_back(std::move(c));
    }
    if (m_config.scenarioProgram)
        startScenario(*m_config.scenarioProgram);
    LoadPacer::Plan plan;
    plan.connections = m_clients.size();
    const double share = double(m_clients.size()) / double(m_config.connections);
    plan.rampPerSec = m_config.rampPerSec * share;
    plan.churnPerSec = m_config.churnPerSec * share;
    plan.pingIntervalSec = m_config.pingIntervalSec;
    if (broadcast)
        plan.ratePerSec = m_config.ratePerSec * double(m_publishers.size()) / double(m_config.publishers);
    else if (m_config.scenario == LoadConfig::Scenario::Echo && m_config.isOpenLoop() && !m_scenario)
        plan.ratePerSec = m_config.shard.share(m_config.ratePerSec) / double(m_threadCount);
    m_pacer = std::make_unique<LoadPacer>(plan);
    m_message = MessageCodec::blank(m_config.binary, m_config.sizeBytes);

    m_startNs = ClientContext::nowNs();
    m_lastTickNs = m_startNs;
    m_lastSweepNs = m_startNs;
    m_tick.start();
    tick();
}

void LoadWorker::tick()
{
    const qint64 now = ClientContext::nowNs();
    const qint64 elapsed = now - m_lastTickNs;
    m_lastTickNs = now;
    if (now - m_lastSweepNs >= kSweepEveryNs) {
        m_lastSweepNs = now;
        sweep(now);
    }
    if (m_stopping) {
        checkClosed();
        return;
    }
    openConnections(now);
    if (m_scenario)
        pollRuns(now);
    if (m_openListDirty) {
        m_openClients.clear();
        for (auto &c : m_clients) {
            if (c->connection.isOpen())
                m_openClients.push_back(c.get());
        }
        m_openListDirty = false;
    }
    sendOpenLoop(now);
    pingSome(now, elapsed);
    churnSome(elapsed);
}

void LoadWorker::openConnections(qint64 nowNs)
{
    while (m_counts.connecting < kMaxConnectingPerWorker && !m_reopen.empty()) {
        Client *c = m_reopen.back();
        m_reopen.pop_back();
        openClient(c, nowNs);
    }
    while (m_counts.connecting < kMaxConnectingPerWorker && !m_reconnects.empty() && m_reconnects.front().dueNs <= nowNs) {
        Client *c = m_reconnects.front().client;
        std::pop_heap(m_reconnects.begin(), m_reconnects.end());
        m_reconnects.pop_back();
        openClient(c, nowNs);
    }
    const size_t target = size_t(m_pacer->opensDue(nowNs - m_startNs));
    while (m_nextToOpen < target && m_counts.connecting < kMaxConnectingPerWorker)
        openClient(m_clients[m_nextToOpen++].get(), nowNs);
}

void LoadWorker::openClient(Client *c, qint64 nowNs)
{
    ++m_counts.connecting;
    if (!m_setupFailure.isEmpty()) {
        connectionFailed(&c->connection, m_setupFailure);
        return;
    }
    const Handshake::Request *request = &m_request;
    if (m_requestPerConnection) {
        std::optional<Handshake::Request> rendered = scenarioRequest(*c->run);
        if (!rendered) {
            connectionFailed(&c->connection, "bad_url");
            return;
        }
        c->request = std::make_unique<Handshake::Request>(std::move(*rendered));
        request = c->request.get();
    }
    // By the local number: global ones of one agent step by N and would skip addresses.
    const sockaddr_storage *source = m_sources.empty() ? nullptr : &m_sources[c->connection.tag() % m_sources.size()];
    c->connection.open(*m_target, source, m_sourceLength, request, nowNs + seconds(m_config.handshakeTimeoutSec));
}

void LoadWorker::connectionOpened(ClientConnection *connection)
{
    Client *c = client(connection);
    const qint64 now = ClientContext::nowNs();
    --m_counts.connecting;
    ++m_counts.open;
    m_counts.peakOpen = qMax(m_counts.peakOpen, m_counts.open);
    ++m_counts.opened;
    m_openListDirty = true;
    if (m_counts.allOpenAtNs == 0 && m_counts.open == m_clients.size())
        m_counts.allOpenAtNs = now;
    c->request.reset();
    if (c->droppedAtNs != 0) {
        ++m_counts.reconnects;
        --m_counts.reconnecting;
        m_counts.reconnectTime.record(now - c->droppedAtNs);
        c->droppedAtNs = 0;
        c->reconnectAttempt = 0;
    }
    if (m_stopping) {
        c->closingByUs = true;
        connection->close(1000, "load finished");
        return;
    }
    if (c->run) {
        // A reconnected (or churned) connection starts the steps again, with its row.
        const ClientConnection::Cork cork(connection);
        c->run->restart();
        c->run->start(now);
        noteDeadline(c);
    } else if (m_config.scenario == LoadConfig::Scenario::Echo && !m_config.isOpenLoop()) {
        const ClientConnection::Cork cork(connection); // the whole window in one write()
        for (int i = 0; i < m_config.window; ++i)
            sendTo(c, now);
    }
}

void LoadWorker::connectionFailed(ClientConnection *connection, const QByteArray &kind)
{
    Client *c = client(connection);
    --m_counts.connecting;
    c->request.reset();
    if (m_stopping) { // aborting our own pending connects at the end is no failure
        checkClosed();
        return;
    }
    ++m_counts.failed;
    ++m_counts.errors[QLatin1String("connect_") + QString::fromLatin1(kind)];
    qCDebug(lcLoad) << "connection" << c->id << "failed to connect:" << kind;
    if (m_config.reconnect)
        dropped(c, ClientContext::nowNs());
}

void LoadWorker::connectionClosed(ClientConnection *connection, const ClientConnection::CloseInfo &info)
{
    Client *c = client(connection);
    --m_counts.open;
    m_openListDirty = true;
    ++m_counts.closeCodes[info.code];
    const bool byUs = std::exchange(c->closingByUs, false);
    qCDebug(lcLoad) << "connection" << c->id << "closed with" << info.code << (byUs ? "by the load" : "by the server")
                    << (info.fault ? info.fault : "");
    const bool byScenario = std::exchange(c->closedByScenario, false);
    if (c->run)
        m_runDeadlines[connection->tag()] = ScenarioRun::kNoDeadline;
    if (info.fault)
        ++m_counts.errors[QString::fromLatin1(info.fault)];
    else if (!byUs)
        ++m_counts.errors[QStringLiteral("closed_by_server")];
    c->expectedSequence = c->nextSequence; // replies still in flight on the old socket are gone
    std::fill(c->expectedFromPublisher.begin(), c->expectedFromPublisher.end(), kNotSeenYet);
    if (m_stopping) {
        checkClosed();
        return;
    }
    const bool heartbeat = info.fault && qstrcmp(info.fault, "heartbeat_timeout") == 0;
    if (byUs && !info.fault && !byScenario)
        m_reopen.push_back(c); // churned
    else if (m_config.reconnect && (heartbeat || (!byUs && reconnectsAfter(info.code))))
        dropped(c, ClientContext::nowNs());
}

void LoadWorker::dropped(Client *c, qint64 nowNs)
{
    if (c->droppedAtNs == 0) {
        c->droppedAtNs = nowNs;
        c->reconnectAttempt = 0;
        ++m_counts.reconnecting;
    }
    scheduleReconnect(c, nowNs);
}

void LoadWorker::scheduleReconnect(Client *c, qint64 nowNs)
{
    if (c->reconnectAttempt >= m_config.reconnectRetries) {
        ++m_counts.reconnectGiveUps;
        --m_counts.reconnecting;
        c->droppedAtNs = 0;
        qCDebug(lcLoad) << "connection" << c->id << "gave up after" << c->reconnectAttempt << "attempts";
        return;
    }
    ++c->reconnectAttempt;
    const double jitter = double(m_context->random() >> 11) / double(quint64(1) << 53);
    const double delay = LoadPacer::reconnectDelaySec(c->reconnectAttempt, m_config.reconnectBackoffMinSec,
                                                      m_config.reconnectBackoffMaxSec, jitter);
    m_reconnects.push_back({nowNs + seconds(delay), c});
    std::push_heap(m_reconnects.begin(), m_reconnects.end());
}

void LoadWorker::checkSequence(quint64 *expected, quint64 sequence)
{
    if (sequence == *expected) {
        ++*expected;
    } else if (sequence > *expected) {
        m_counts.lost += sequence - *expected;
        *expected = sequence + 1;
    } else {
        ++m_counts.duplicates;
    }
}

void LoadWorker::messageReceived(ClientConnection *connection, bool text, const char *data, qsizetype size)
{
    ++m_counts.messagesReceived;
    m_counts.bytesReceived += quint64(size);
    if (m_scenario) {
        Client *c = client(connection);
        if (!c->run->onMessage(data, size_t(size), text, connection->arrivalNs()))
            ++m_counts.unmatched; // nothing of the file took it: counted, not an error
        noteDeadline(c);
        return;
    }
    MessageStamp stamp;
    if (m_config.scenario == LoadConfig::Scenario::Idle || !MessageCodec::decode(text, data, size, &stamp)
        || stamp.senderId >= quint32(m_config.connections)) {
        ++m_counts.unmatched; // a server's own message: counted, not an error
        return;
    }
    Client *c = client(connection);
    // Timed only when the sender is this agent's: another machine's clock is not this one's
    // (docs/DISTRIBUTED.md). Its deliveries still count for lost and duplicates.
    if (m_config.shard.owns(int(stamp.senderId)))
        m_counts.latency.record(qMax<qint64>(0, connection->arrivalNs() - stamp.sentNs));
    if (m_config.scenario == LoadConfig::Scenario::Broadcast) {
        if (stamp.senderId < c->expectedFromPublisher.size()) {
            quint64 &expected = c->expectedFromPublisher[stamp.senderId];
            // A subscriber that joined late (ramp, churn) missed earlier publishes: not a loss.
            if (expected == kNotSeenYet)
                expected = stamp.sequence + 1;
            else
                checkSequence(&expected, stamp.sequence);
        }
        return;
    }
    if (stamp.senderId != c->id) {
        ++m_counts.errors[QStringLiteral("foreign_echo")];
        return;
    }
    checkSequence(&c->expectedSequence, stamp.sequence);
    if (!m_config.isOpenLoop() && !m_stopping)
        sendTo(c, ClientContext::nowNs());
}

void LoadWorker::pongReceived(ClientConnection *connection, const char *data, qsizetype size)
{
    if (m_config.scenario == LoadConfig::Scenario::Idle && size == 8)
        m_counts.latency.record(qMax<qint64>(0, connection->arrivalNs() - qFromLittleEndian<qint64>(data)));
}

void LoadWorker::sendTo(Client *c, qint64 stampNs)
{
    if (!hasRoom(c))
        return;
    MessageCodec::stamp(MessageStamp{c->id, c->nextSequence++, stampNs}, m_config.binary, m_message.data());
    send(c, !m_config.binary, m_message.constData(), m_message.size());
}

bool LoadWorker::hasRoom(Client *c)
{
    if (c->connection.bufferedBytes() <= kMaxPendingBytes)
        return true;
    ++m_counts.errors[QStringLiteral("send_skipped_backpressure")];
    return false;
}

void LoadWorker::send(Client *c, bool text, const char *data, qsizetype size)
{
    if (!c->connection.send(text, data, size))
        return;
    ++m_counts.messagesSent;
    m_counts.bytesSent += quint64(size);
}

void LoadWorker::sendOpenLoop(qint64 nowNs)
{
    // Every message has a scheduled time; latency counts from it, so a stalled server (or a
    // late tick) cannot hide the wait (no coordinated omission).
    const quint64 due = m_pacer->sendsDue(nowNs - m_startNs);
    const bool broadcast = m_config.scenario == LoadConfig::Scenario::Broadcast;
    const std::vector<Client *> &pool = broadcast ? m_publishers : m_openClients;
    for (; m_scheduledSent < due; ++m_scheduledSent) {
        Client *c = nullptr;
        for (size_t tries = 0; tries < pool.size() && !c; ++tries) {
            Client *candidate = pool[m_roundRobin++ % pool.size()];
            if (candidate->connection.isOpen())
                c = candidate;
        }
        if (!c) {
            ++m_counts.errors[QStringLiteral("send_skipped_no_connection")];
            continue;
        }
        sendTo(c, m_startNs + m_pacer->sendDueNs(m_scheduledSent));
    }
}

void LoadWorker::pingSome(qint64 nowNs, qint64 elapsedNs)
{
    const quint64 count = m_pacer->takePings(elapsedNs, m_openClients.size());
    char payload[8];
    qToLittleEndian<qint64>(nowNs, payload);
    for (quint64 i = 0; i < count; ++i) {
        Client *c = m_openClients[m_pingCursor++ % m_openClients.size()];
        c->connection.ping(payload, sizeof payload, nowNs);
    }
}

void LoadWorker::churnSome(qint64 elapsedNs)
{
    const quint64 count = m_pacer->takeChurn(elapsedNs, m_openClients.size());
    for (quint64 i = 0; i < count; ++i) {
        Client *c = m_openClients[m_roundRobin++ % m_openClients.size()];
        if (c->connection.isOpen() && !c->closingByUs) {
            c->closingByUs = true;
            c->connection.close(1000, "churn");
        }
    }
}

void LoadWorker::sweep(qint64 nowNs)
{
    const qint64 pingTimeout = m_config.pingIntervalSec > 0 ? seconds(m_config.effectivePingTimeoutSec()) : 0;
    for (auto &c : m_clients) {
        ClientConnection &connection = c->connection;
        connection.checkDeadline(nowNs);
        const qint64 pingSent = connection.unansweredPingSinceNs();
        if (pingTimeout > 0 && pingSent != 0 && nowNs - pingSent > pingTimeout) {
            qCDebug(lcLoad) << "connection" << c->id << "heartbeat timeout";
            connection.fail("heartbeat_timeout", 1001);
        }
    }
}

WorkerSnapshot LoadWorker::takeSnapshot()
{
    WorkerSnapshot snapshot = m_counts;
    if (m_scenario) {
        snapshot.scenario = m_scenario->metrics().takeInterval();
        snapshot.finished = finishedCount();
    }
    if (m_context)
        m_context->batchRepliesFor(m_counts.latency);
    m_counts.peakOpen = m_counts.open;
    m_counts.latency.reset();
    m_counts.reconnectTime.reset();
    return snapshot;
}

void LoadWorker::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_reconnects.clear();
    m_counts.reconnecting = 0;
    for (auto &c : m_clients) {
        c->droppedAtNs = 0;
        if (c->connection.isOpen())
            c->closingByUs = true;
        c->connection.close(1000, "load finished"); // aborts a connect in progress
    }
    checkClosed();
}

void LoadWorker::checkClosed()
{
    if (m_closedSent)
        return;
    for (auto &c : m_clients) {
        if (c->connection.state() != ClientConnection::State::Closed)
            return;
    }
    m_closedSent = true;
    m_tick.stop();
    m_counts.connecting = 0;
    Q_EMIT closed(takeSnapshot());
}

void LoadWorker::startScenario(const ScenarioProgram &program)
{
    m_scenario = std::make_unique<ScenarioContext>(program, m_context->random());
    for (auto &c : m_clients)
        c->run = std::make_unique<ScenarioRun>(m_scenario.get(), c.get(), c->id);
    m_runDeadlines.assign(m_clients.size(), ScenarioRun::kNoDeadline);
    // One request for all unless the URL or a header differs per connection ({{row.token}}, ...).
    bool constant = program.url().isConstant();
    for (const auto &header : program.headers())
        constant = constant && header.second.isConstant();
    m_requestPerConnection = !constant;
    if (constant && !m_clients.empty()) {
        if (std::optional<Handshake::Request> request = scenarioRequest(*m_clients.front()->run))
            m_request = std::move(*request);
        else if (m_setupFailure.isEmpty())
            m_setupFailure = "bad_url";
    }
}

// The upgrade request of one connection: the file's URL and headers rendered for it, on top of the
// command line's headers. Its scheme, host and port must be the target's, which was resolved once.
std::optional<Handshake::Request> LoadWorker::scenarioRequest(const ScenarioRun &run) const
{
    const QUrl url(QString::fromUtf8(run.url()));
    if (!url.isValid() || url.scheme() != m_config.url.scheme() || url.host() != m_config.url.host()
        || Handshake::port(url) != Handshake::port(m_config.url))
        return std::nullopt;
    Handshake::Request request = Handshake::requestFor(url);
    request.origin = m_config.origin.toUtf8();
    request.subprotocol = m_config.subprotocol.toUtf8();
    request.headers = m_config.headers + run.headers();
    return request;
}

quint64 LoadWorker::finishedCount() const
{
    if (m_nextToOpen < m_clients.size() || !m_reopen.empty() || !m_reconnects.empty())
        return 0;
    return quint64(std::count_if(m_clients.cbegin(), m_clients.cend(),
                                 [](const auto &c) { return c->connection.state() == ClientConnection::State::Closed; }));
}

void LoadWorker::noteDeadline(Client *c)
{
    m_runDeadlines[c->connection.tag()] = c->connection.isOpen() ? c->run->nextDeadlineNs() : ScenarioRun::kNoDeadline;
}

// Every run whose think, await timeout or paced iteration is due: one pass over a packed array.
void LoadWorker::pollRuns(qint64 nowNs)
{
    for (size_t i = 0; i < m_runDeadlines.size(); ++i) {
        if (m_runDeadlines[i] > nowNs)
            continue;
        Client *c = m_clients[i].get();
        const ClientConnection::Cork cork(&c->connection); // what one poll sends leaves in one write()
        c->run->poll(nowNs);
        noteDeadline(c);
    }
}

void LoadWorker::Client::sendMessage(QByteArrayView bytes, bool binary)
{
    if (worker->hasRoom(this))
        worker->send(this, !binary, bytes.data(), bytes.size());
}

void LoadWorker::Client::closeConnection(quint16 code)
{
    closingByUs = true;
    closedByScenario = true;
    connection.close(code, QByteArray());
}
