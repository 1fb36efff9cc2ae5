#include "redisbus.h"

#include "hiredisnotifier.h"
#include "logging.h"

#include <wireframe.h>

#include <QRandomGenerator>
#include <QtEndian>

#include <utility>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

namespace {

const QByteArray kMagic = QByteArrayLiteral("SSB1"); // then the process id (8 bytes LE), then the frame
constexpr int kHeaderBytes = 12;
constexpr int kFirstBackoffMs = 100;
constexpr int kMaxBackoffMs = 5000;
constexpr int kConnectDeadlineMs = 3000;

void bumpOne(std::atomic<quint64> &counter)
{
    counter.fetch_add(1, std::memory_order_relaxed);
}

bool isWholeServerFrame(const QByteArray &frame)
{
    WireFrame::Header h;
    return WireFrame::readHeader(frame.constData(), frame.size(), &h) && h.fin && h.rsv == 0 && !h.masked
        && (h.opcode == WireFrame::Text || h.opcode == WireFrame::Binary) && quint64(h.bytes) + h.length == quint64(frame.size());
}

} // namespace

bool RedisBus::parseUrl(const QUrl &url, QString *host, quint16 *port, QByteArray *channel, QString *error)
{
    const QString path = url.path();
    if (!url.isValid() || url.scheme() != QLatin1String("redis") || url.host().isEmpty() || path.size() < 2
        || path.indexOf(QLatin1Char('/'), 1) >= 0) {
        *error = QStringLiteral("--broadcast-bus expects redis://HOST:PORT/CHANNEL, got \"%1\"").arg(url.toString());
        return false;
    }
    *host = url.host();
    *port = quint16(url.port(6379));
    *channel = path.mid(1).toUtf8();
    return true;
}

RedisBus::RedisBus(const QUrl &url, int maxQueued, QObject *parent)
    : QObject(parent)
    , m_processId(QRandomGenerator::system()->generate64())
    , m_maxQueued(quint64(qMax(1, maxQueued)))
{
    QString unused; // ServerConfig::validate() refused bad URLs
    parseUrl(url, &m_host, &m_port, &m_channel, &unused);
    // Children, so they move to the bus thread with it: a timer only runs in its own thread.
    m_retry.setParent(this);
    m_deadline.setParent(this);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        bumpOne(m_reconnects);
        connectToRedis();
    });
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this,
            [this] { fail(QStringLiteral("no answer within %1 ms").arg(kConnectDeadlineMs)); });
}

RedisBus::~RedisBus()
{
    closeContexts();
}

QString RedisBus::describe() const
{
    return QStringLiteral("redis://%1:%2/%3").arg(m_host).arg(m_port).arg(QString::fromUtf8(m_channel));
}

void RedisBus::start()
{
    connectToRedis();
}

redisAsyncContext *RedisBus::openContext()
{
    redisAsyncContext *ctx = redisAsyncConnect(m_host.toUtf8().constData(), m_port);
    if (!ctx)
        return nullptr;
    if (ctx->err) {
        redisAsyncFree(ctx);
        return nullptr;
    }
    ctx->data = this;
    HiredisNotifier::attach(ctx);
    redisAsyncSetConnectCallback(ctx, &RedisBus::onConnected);
    redisAsyncSetDisconnectCallback(ctx, &RedisBus::onDisconnected);
    return ctx;
}

void RedisBus::connectToRedis()
{
    m_pub = openContext();
    m_sub = openContext();
    if (!m_pub || !m_sub) {
        fail(QStringLiteral("cannot open a connection"));
        return;
    }
    // Queued until the connection is up: hiredis sends it right after connecting.
    redisAsyncCommand(m_sub, &RedisBus::onSubscription, nullptr, "SUBSCRIBE %b", m_channel.constData(), size_t(m_channel.size()));
    m_deadline.start(kConnectDeadlineMs);
}

void RedisBus::onConnected(const redisAsyncContext *ctx, int status)
{
    auto *bus = static_cast<RedisBus *>(ctx->data);
    if (ctx != bus->m_pub && ctx != bus->m_sub)
        return; // one we already gave up on
    if (status != REDIS_OK) {
        if (ctx == bus->m_pub)
            bus->m_pub = nullptr; // hiredis frees it after this callback
        else
            bus->m_sub = nullptr;
        bus->fail(QString::fromUtf8(ctx->errstr));
        return;
    }
    if (ctx == bus->m_pub)
        bus->m_pubUp = true;
    bus->updateHealth();
}

void RedisBus::onDisconnected(const redisAsyncContext *ctx, int)
{
    auto *bus = static_cast<RedisBus *>(ctx->data);
    if (ctx != bus->m_pub && ctx != bus->m_sub)
        return;
    if (ctx == bus->m_pub)
        bus->m_pub = nullptr;
    else
        bus->m_sub = nullptr;
    bus->fail(ctx->errstr[0] ? QString::fromUtf8(ctx->errstr) : QStringLiteral("connection closed"));
}

void RedisBus::fail(const QString &reason)
{
    bumpOne(m_errors);
    closeContexts();
    m_healthy.store(false, std::memory_order_relaxed);
    if (m_reportedHealthy || m_backoffMs == 0) {
        qCWarning(lcServer) << "broadcast bus" << describe() << "degraded:" << reason;
        Q_EMIT healthChanged(false, QStringLiteral("broadcast bus %1: %2").arg(describe(), reason));
    }
    m_reportedHealthy = false;
    m_backoffMs = m_backoffMs ? qMin(2 * m_backoffMs, kMaxBackoffMs) : kFirstBackoffMs;
    m_retry.start(m_backoffMs);
}

void RedisBus::closeContexts()
{
    m_deadline.stop();
    m_pubUp = false;
    m_subscribed = false;
    // Ours no longer before hiredis runs their callbacks: a free here is not a new fault.
    redisAsyncContext *pub = std::exchange(m_pub, nullptr);
    redisAsyncContext *sub = std::exchange(m_sub, nullptr);
    if (pub)
        redisAsyncFree(pub);
    if (sub)
        redisAsyncFree(sub);
}

void RedisBus::updateHealth()
{
    if (!m_pubUp || !m_subscribed || m_reportedHealthy)
        return;
    m_deadline.stop();
    m_backoffMs = 0;
    m_reportedHealthy = true;
    m_healthy.store(true, std::memory_order_relaxed);
    qCInfo(lcServer) << "broadcast bus" << describe() << "connected";
    Q_EMIT healthChanged(true, QStringLiteral("broadcast bus %1 connected").arg(describe()));
}

bool RedisBus::publish(const QByteArray &frame)
{
    if (!isHealthy()) {
        bumpOne(m_unrelayed);
        return false;
    }
    if (m_queued.fetch_add(1, std::memory_order_relaxed) >= m_maxQueued) {
        m_queued.fetch_sub(1, std::memory_order_relaxed);
        bumpOne(m_queueDrops);
        bumpOne(m_unrelayed);
        return false;
    }
    QByteArray message;
    message.reserve(kHeaderBytes + frame.size());
    message.append(kMagic);
    char id[8];
    qToLittleEndian(m_processId, id);
    message.append(id, 8);
    message.append(frame);
    QMetaObject::invokeMethod(this, [this, message] { send(message); }, Qt::QueuedConnection);
    return true;
}

void RedisBus::send(const QByteArray &message)
{
    const char *argv[] = {"PUBLISH", m_channel.constData(), message.constData()};
    const size_t lengths[] = {7, size_t(m_channel.size()), size_t(message.size())};
    if (!m_pubUp || redisAsyncCommandArgv(m_pub, &RedisBus::onPublished, nullptr, 3, argv, lengths) != REDIS_OK) {
        m_queued.fetch_sub(1, std::memory_order_relaxed);
        bumpOne(m_unrelayed);
    }
}

void RedisBus::onPublished(redisAsyncContext *ctx, void *r, void *)
{
    auto *bus = static_cast<RedisBus *>(ctx->data);
    const auto *reply = static_cast<const redisReply *>(r);
    bus->m_queued.fetch_sub(1, std::memory_order_relaxed);
    if (reply && reply->type != REDIS_REPLY_ERROR) {
        bumpOne(bus->m_published);
        return;
    }
    bumpOne(bus->m_unrelayed); // no reply: the connection went away with it in flight
    if (reply)
        bumpOne(bus->m_errors);
}

void RedisBus::onSubscription(redisAsyncContext *ctx, void *r, void *)
{
    auto *bus = static_cast<RedisBus *>(ctx->data);
    const auto *reply = static_cast<const redisReply *>(r);
    if (!reply || ctx != bus->m_sub || reply->type != REDIS_REPLY_ARRAY || reply->elements != 3)
        return;
    const QByteArray kind(reply->element[0]->str, int(reply->element[0]->len));
    if (kind == "subscribe") {
        bus->m_subscribed = true;
        bus->updateHealth();
    } else if (kind == "message" && reply->element[2]->type == REDIS_REPLY_STRING) {
        bus->handleMessage(QByteArray(reply->element[2]->str, int(reply->element[2]->len)));
    }
}

void RedisBus::handleMessage(const QByteArray &message)
{
    if (message.size() <= kHeaderBytes || !message.startsWith(kMagic)) {
        bumpOne(m_errors); // someone else publishing on our channel
        return;
    }
    if (qFromLittleEndian<quint64>(message.constData() + 4) == m_processId) {
        bumpOne(m_ownSkipped); // delivered locally when it was published
        return;
    }
    const QByteArray frame = message.mid(kHeaderBytes);
    if (!isWholeServerFrame(frame)) {
        bumpOne(m_errors);
        return;
    }
    bumpOne(m_received);
    Q_EMIT frameReceived(frame);
}

BusTotals RedisBus::totals() const
{
    auto get = [](const std::atomic<quint64> &c) { return c.load(std::memory_order_relaxed); };
    BusTotals t;
    t.healthy = isHealthy();
    t.published = get(m_published);
    t.received = get(m_received);
    t.ownSkipped = get(m_ownSkipped);
    t.unrelayed = get(m_unrelayed);
    t.queueDrops = get(m_queueDrops);
    t.errors = get(m_errors);
    t.reconnects = get(m_reconnects);
    t.queued = get(m_queued);
    return t;
}
