#include "loadworker.h"

#include "serverframeinspector.h"
#include "sourceaddressbinder.h"

#include <socketbuffers.h>
#include <websocketforwards.h>

#include <QMetaEnum>
#include <QNetworkRequest>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QWebSocket>
#include <QtEndian>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace {
constexpr int kTickMs = 5;
constexpr int kMaxConnectingPerWorker = 256; // beyond this a ramp becomes a SYN flood
constexpr qint64 kMaxPendingBytes = 4 << 20; // client-side back-pressure bound per connection
constexpr qint64 kCloseGraceMs = 2000;

// Qt 6.4 names a refused upgrade only in errorString(), sometimes after connected().
bool isHandshakeRejection(const QWebSocket *socket)
{
    return socket->errorString().contains(QLatin1String("processHandshake"));
}

// "connect_http_503" for a refused upgrade, else "connect_" + the socket error's name.
QString failureName(const QWebSocket *socket)
{
    static const QRegularExpression httpStatus(QStringLiteral("status code: (\\d+)"));
    const auto m = httpStatus.match(socket->errorString());
    if (m.hasMatch())
        return QStringLiteral("connect_http_") + m.captured(1);
    const char *key = QMetaEnum::fromType<QAbstractSocket::SocketError>().valueToKey(socket->error());
    return QStringLiteral("connect_") + (key ? QString::fromLatin1(key) : QString::number(int(socket->error())));
}
} // namespace

LoadWorker::LoadWorker(int index, int threadCount, const LoadConfig &config)
    : m_index(index)
    , m_config(config)
    , m_url(config.url)
{
    m_counts.worker = index;
    for (int id = index; id < config.connections; id += threadCount) {
        auto c = std::make_unique<Client>();
        c->id = quint32(id);
        if (config.scenario == LoadConfig::Scenario::Broadcast) {
            c->expectedFromPublisher.assign(size_t(config.publishers), kNotSeenYet);
            if (id < config.publishers)
                m_publishers.push_back(c.get());
        }
        m_clients.push_back(std::move(c));
    }
    if (config.scenario == LoadConfig::Scenario::Broadcast)
        m_rateShare = config.ratePerSec * double(m_publishers.size()) / double(config.publishers);
    else if (config.scenario == LoadConfig::Scenario::Echo && config.isOpenLoop())
        m_rateShare = config.ratePerSec / double(threadCount);
    m_tick.setParent(this);
    m_tick.setTimerType(Qt::PreciseTimer);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &LoadWorker::tick);
}

LoadWorker::~LoadWorker()
{
    for (auto &c : m_clients)
        delete c->socket;
}

qint64 LoadWorker::nowNs() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void LoadWorker::start()
{
    m_startNs = nowNs();
    m_lastTickNs = m_startNs;
    m_tick.start();
    tick();
}

void LoadWorker::tick()
{
    const qint64 now = nowNs();
    if (m_stopping) {
        if (m_sinceStop.elapsed() > kCloseGraceMs) {
            for (auto &c : m_clients) {
                if (c->socket)
                    c->socket->abort();
            }
        }
        checkClosed();
        return;
    }
    openConnections(now);
    if (m_openListDirty) {
        m_openClients.clear();
        for (auto &c : m_clients) {
            if (c->open)
                m_openClients.push_back(c.get());
        }
        m_openListDirty = false;
    }
    if (m_rateShare > 0)
        sendOpenLoop(now);
    if (m_config.scenario == LoadConfig::Scenario::Idle)
        pingSome();
    if (m_config.churnPerSec > 0)
        churnSome(now);
    m_lastTickNs = now;
}

void LoadWorker::openConnections(qint64 nowNs)
{
    size_t target = m_clients.size();
    if (m_config.rampPerSec > 0) {
        const double perWorker = m_config.rampPerSec * double(m_clients.size()) / double(m_config.connections);
        target = qMin(target, size_t(double(nowNs - m_startNs) / 1e9 * perWorker) + 1);
    }
    while (m_counts.connecting < kMaxConnectingPerWorker && !m_reopen.empty()) {
        openClient(m_reopen.back());
        m_reopen.pop_back();
    }
    while (m_nextToOpen < target && m_counts.connecting < kMaxConnectingPerWorker)
        openClient(m_clients[m_nextToOpen++].get());
}

void LoadWorker::openClient(Client *c)
{
    c->socket = new QWebSocket(m_config.origin, QWebSocketProtocol::VersionLatest, this);
    QWebSocket *socket = c->socket;
    connect(socket, &QWebSocket::connected, this, [this, c] { onConnected(c); });
    connect(socket, &QWebSocket::disconnected, this, [this, c] { onDisconnected(c); });
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this, c] {
        // Qt 6.4 may report connected() before it rejects a non-101 answer (docs/QT-NOTES.md).
        if (!c->open || isHandshakeRejection(c->socket))
            onFailed(c);
    });
    connect(socket, &QWebSocket::textMessageReceived, this, [this, c](const QString &m) {
        MessageStamp stamp;
        if (MessageCodec::decode(m, &stamp))
            onMessage(c, stamp, m.size());
        else
            ++m_counts.errors[QStringLiteral("unrecognised_message")];
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, c](const QByteArray &m) {
        MessageStamp stamp;
        if (MessageCodec::decode(m, &stamp))
            onMessage(c, stamp, m.size());
        else
            ++m_counts.errors[QStringLiteral("unrecognised_message")];
    });
    connect(socket, &QWebSocket::pong, this, [this](quint64, const QByteArray &payload) {
        if (payload.size() == 8)
            m_counts.latency.record(nowNs() - qFromLittleEndian<qint64>(payload.constData()));
    });
    if (m_config.insecureTls)
        connect(socket, &QWebSocket::sslErrors, socket, [socket] { socket->ignoreSslErrors(); });
    QNetworkRequest request(m_url);
    for (const auto &header : m_config.headers)
        request.setRawHeader(header.first, header.second);
    if (!m_config.subprotocol.isEmpty())
        request.setRawHeader("Sec-WebSocket-Protocol", m_config.subprotocol.toUtf8());
    ++m_counts.connecting;
    if (m_config.sourceAddresses.isEmpty()) {
        socket->open(request);
        return;
    }
    const SourceAddressBinder bindTo(m_config.sourceAddresses.at(int(c->id % quint32(m_config.sourceAddresses.size()))));
    socket->open(request);
}

void LoadWorker::onConnected(Client *c)
{
    // QtWebSockets accepts masked frames from a server; look at the first ones before it reads them.
    const QPointer<QWebSocket> socket = c->socket;
    c->tcp = c->socket->findChild<QTcpSocket *>();
    // Connected after QtWebSockets' reader: what the replies to one read send goes out in one write()
    // now, not through a write notifier switched on and off per message.
    QTcpSocket *tcp = c->tcp;
    connect(tcp, &QTcpSocket::readyRead, this, [tcp] { tcp->flush(); });
    cutUnusedWebSocketForwards(c->socket, tcp);
    freeReadChunksWhenDrained(tcp);
    ServerFrameInspector::attach(c->tcp, [this, socket] {
        QMetaObject::invokeMethod(this, [socket] {
            if (socket)
                socket->close(QWebSocketProtocol::CloseCodeProtocolError, QString::fromLatin1(ServerFrameInspector::kCloseReason));
        }, Qt::QueuedConnection);
    });
    --m_counts.connecting;
    ++m_counts.open;
    ++m_counts.opened;
    c->open = true;
    m_openListDirty = true;
    if (m_config.scenario == LoadConfig::Scenario::Echo && !m_config.isOpenLoop()) {
        const qint64 now = nowNs();
        for (int i = 0; i < m_config.window; ++i)
            sendTo(c, now);
        if (c->tcp)
            c->tcp->flush();
    }
}

void LoadWorker::onFailed(Client *c)
{
    if (!c->socket)
        return;
    if (c->open) { // a handshake Qt first reported as done
        c->open = false;
        --m_counts.open;
        --m_counts.opened;
        m_openListDirty = true;
    } else {
        --m_counts.connecting;
    }
    if (!m_stopping) { // aborting our own pending connects at the end is no failure
        ++m_counts.failed;
        ++m_counts.errors[failureName(c->socket)];
    }
    releaseSocket(c);
    if (m_stopping)
        checkClosed();
}

QString LoadWorker::protocolErrorKind(int closeCode, const QString &reason)
{
    // QtWebSockets fails the connection itself when the server breaks RFC 6455, with these
    // codes and a reason in its own words; a server closing for its own reasons uses them too.
    if (closeCode != 1002 && closeCode != 1003 && closeCode != 1007 && closeCode != 1009)
        return {};
    static const QList<QPair<QLatin1String, QLatin1String>> kinds{
        {QLatin1String("utf-8"), QLatin1String("protocol_invalid_utf8")},
        {QLatin1String("masked frame"), QLatin1String("protocol_masked_frame")},
        {QLatin1String("opcode"), QLatin1String("protocol_bad_opcode")},
        {QLatin1String("rsv"), QLatin1String("protocol_reserved_bits")},
        {QLatin1String("close code"), QLatin1String("protocol_bad_close_code")},
        {QLatin1String("control frame"), QLatin1String("protocol_bad_control_frame")},
        {QLatin1String("too large"), QLatin1String("protocol_message_too_big")},
    };
    const QString lower = reason.toLower();
    for (const auto &k : kinds) {
        if (lower.contains(k.first))
            return k.second;
    }
    return QStringLiteral("protocol_error_%1").arg(closeCode);
}

void LoadWorker::onDisconnected(Client *c)
{
    if (!c->open)
        return; // a failed connect; onFailed counted it
    if (isHandshakeRejection(c->socket)) {
        onFailed(c); // the rejection arrived after connected(), see onFailed
        return;
    }
    c->open = false;
    --m_counts.open;
    m_openListDirty = true;
    const int code = int(c->socket->closeCode());
    ++m_counts.closeCodes[code];
    if (!c->closingByUs) {
        const QString protocolError = protocolErrorKind(code, c->socket->closeReason());
        ++m_counts.errors[protocolError.isEmpty() ? QStringLiteral("closed_by_server") : protocolError];
    }
    const bool churned = c->closingByUs && !m_stopping;
    releaseSocket(c);
    if (churned)
        m_reopen.push_back(c);
    if (m_stopping)
        checkClosed();
}

void LoadWorker::releaseSocket(Client *c)
{
    c->socket->disconnect(this);
    c->socket->deleteLater();
    c->socket = nullptr;
    c->tcp = nullptr;
    c->closingByUs = false;
    c->expectedSequence = c->nextSequence; // replies still in flight on the old socket are gone
    std::fill(c->expectedFromPublisher.begin(), c->expectedFromPublisher.end(), kNotSeenYet);
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

void LoadWorker::onMessage(Client *c, const MessageStamp &stamp, qint64 bytes)
{
    const qint64 now = nowNs();
    ++m_counts.messagesReceived;
    m_counts.bytesReceived += quint64(bytes);
    m_counts.latency.record(now - stamp.sentNs);
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
        sendTo(c, now);
}

void LoadWorker::sendTo(Client *c, qint64 stampNs)
{
    if (c->socket->bytesToWrite() > kMaxPendingBytes) {
        ++m_counts.errors[QStringLiteral("send_skipped_backpressure")];
        return;
    }
    const MessageStamp stamp{c->id, c->nextSequence++, stampNs};
    if (m_config.binary)
        c->socket->sendBinaryMessage(MessageCodec::encodeBinary(stamp, m_config.sizeBytes));
    else
        c->socket->sendTextMessage(MessageCodec::encodeText(stamp, m_config.sizeBytes));
    ++m_counts.messagesSent;
    m_counts.bytesSent += quint64(m_config.sizeBytes);
}

void LoadWorker::sendOpenLoop(qint64 nowNs)
{
    // Every message has a scheduled time; latency counts from it, so a stalled server (or a
    // late tick) cannot hide the wait (no coordinated omission).
    const quint64 due = quint64(double(nowNs - m_startNs) / 1e9 * m_rateShare);
    const bool broadcast = m_config.scenario == LoadConfig::Scenario::Broadcast;
    for (; m_scheduledSent < due; ++m_scheduledSent) {
        const qint64 scheduledNs = m_startNs + qint64(double(m_scheduledSent) * 1e9 / m_rateShare);
        Client *c = nullptr;
        const size_t pool = broadcast ? m_publishers.size() : m_openClients.size();
        for (size_t tries = 0; tries < pool && !c; ++tries) {
            Client *candidate = broadcast ? m_publishers[m_roundRobin++ % pool] : m_openClients[m_roundRobin++ % pool];
            if (candidate->open)
                c = candidate;
        }
        if (!c) {
            ++m_counts.errors[QStringLiteral("send_skipped_no_connection")];
            continue;
        }
        sendTo(c, scheduledNs);
        if (c->tcp)
            c->tcp->flush();
    }
}

void LoadWorker::pingSome()
{
    if (m_openClients.empty())
        return;
    // Spread pings evenly: each open connection once per ping interval.
    const double perTick = double(m_openClients.size()) * kTickMs / (m_config.pingIntervalSec * 1000.0);
    const size_t count = qMax<size_t>(1, size_t(std::ceil(perTick)));
    char payload[8];
    qToLittleEndian<qint64>(nowNs(), payload);
    const QByteArray stamp(payload, 8);
    for (size_t i = 0; i < count && i < m_openClients.size(); ++i) {
        Client *c = m_openClients[m_pingCursor++ % m_openClients.size()];
        if (c->open)
            c->socket->ping(stamp);
    }
}

void LoadWorker::churnSome(qint64 nowNs)
{
    m_churnDebt += double(nowNs - m_lastTickNs) / 1e9 * m_config.churnPerSec * double(m_clients.size())
        / double(m_config.connections);
    while (m_churnDebt >= 1 && !m_openClients.empty()) {
        m_churnDebt -= 1;
        Client *c = m_openClients[m_roundRobin++ % m_openClients.size()];
        if (c->open && !c->closingByUs) {
            c->closingByUs = true;
            c->socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("churn"));
        }
    }
}

WorkerSnapshot LoadWorker::takeSnapshot()
{
    WorkerSnapshot snapshot = m_counts;
    m_counts.latency.reset();
    return snapshot;
}

void LoadWorker::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_sinceStop.start();
    for (auto &c : m_clients) {
        if (!c->socket)
            continue;
        c->closingByUs = true;
        if (c->open)
            c->socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("load finished"));
        else
            c->socket->abort();
    }
    checkClosed();
}

void LoadWorker::checkClosed()
{
    if (m_closedSent || m_counts.open > 0)
        return;
    for (auto &c : m_clients) {
        if (c->socket && c->socket->state() != QAbstractSocket::UnconnectedState)
            return;
    }
    m_closedSent = true;
    m_tick.stop();
    m_counts.connecting = 0;
    Q_EMIT closed(takeSnapshot());
}
