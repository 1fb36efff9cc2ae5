#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <atomic>

struct redisAsyncContext;

// What the bus has done since the start, as /metrics shows it (socketscope_bus_*).
struct BusTotals
{
    bool healthy = false;
    quint64 published = 0; // relayed to Redis and acknowledged
    quint64 received = 0; // from other processes, delivered here
    quint64 ownSkipped = 0; // our own publishes coming back: already delivered locally
    quint64 unrelayed = 0; // publishes the other processes never got: bus down, queue full, refused
    quint64 queueDrops = 0; // of those, the ones the full queue turned away
    quint64 errors = 0; // failed connects, lost connections, error replies, malformed messages
    quint64 reconnects = 0;
    quint64 queued = 0; // gauge: publishes handed to the bus, not yet acknowledged
};

// One process's end of a server group's broadcast bus: a Redis pub/sub channel that every member
// publishes to and subscribes on, over two hiredis async connections (a subscribed connection
// cannot publish). Lives in its own thread: publish() only counts and posts, so a slow or absent
// Redis never blocks a worker. Each message carries this process's random id, so a process skips
// its own publishes coming back and every subscriber gets each broadcast exactly once.
// On a fault it reports degraded, keeps counting and reconnects with backoff (100 ms .. 5 s).
class RedisBus : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultMaxQueued = 10000;

    // redis://HOST:PORT/CHANNEL; false with a readable *error for anything else.
    static bool parseUrl(const QUrl &url, QString *host, quint16 *port, QByteArray *channel, QString *error);

    explicit RedisBus(const QUrl &url, int maxQueued = kDefaultMaxQueued, QObject *parent = nullptr);
    ~RedisBus() override;

    // Any thread. Relays one server frame (a whole unmasked text or binary frame) to the other
    // processes; false, and counted as unrelayed, while the bus is down or its queue is full.
    bool publish(const QByteArray &frame);
    BusTotals totals() const; // any thread
    bool isHealthy() const { return m_healthy.load(std::memory_order_relaxed); } // any thread
    QString describe() const; // "redis://127.0.0.1:6379/channel"

    // The bus's own thread from here on.
    void start();

Q_SIGNALS:
    // In the bus's thread: a frame another process published, checked to be one whole frame.
    void frameReceived(const QByteArray &frame);
    // In the bus's thread: healthy once connected and subscribed; degraded with the reason.
    void healthChanged(bool healthy, const QString &reason);

private:
    static void onConnected(const redisAsyncContext *ctx, int status);
    static void onDisconnected(const redisAsyncContext *ctx, int status);
    static void onPublished(redisAsyncContext *ctx, void *reply, void *);
    static void onSubscription(redisAsyncContext *ctx, void *reply, void *);

    void connectToRedis();
    redisAsyncContext *openContext();
    void send(const QByteArray &message);
    void handleMessage(const QByteArray &message);
    void fail(const QString &reason);
    void closeContexts();
    void updateHealth();

    QString m_host;
    quint16 m_port = 0;
    QByteArray m_channel;
    const quint64 m_processId;
    const quint64 m_maxQueued;
    redisAsyncContext *m_pub = nullptr;
    redisAsyncContext *m_sub = nullptr;
    bool m_pubUp = false;
    bool m_subscribed = false;
    bool m_reportedHealthy = false;
    int m_backoffMs = 0;
    QTimer m_retry;
    QTimer m_deadline; // a connect that hangs (no RST from a dropped host) counts as failed

    std::atomic<bool> m_healthy{false};
    std::atomic<quint64> m_queued{0};
    std::atomic<quint64> m_published{0}, m_received{0}, m_ownSkipped{0}, m_unrelayed{0}, m_queueDrops{0};
    std::atomic<quint64> m_errors{0}, m_reconnects{0};
};
