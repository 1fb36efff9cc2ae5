#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QString>

#include <sys/epoll.h>

#include <atomic>
#include <vector>

class QSocketNotifier;

// An event dispatcher for worker threads that holds thousands of sockets: epoll instead of the
// poll()/GLib dispatchers, which walk every registered socket on each pass, so a pass costs what
// is ready, not what is open (docs/BENCHMARKS-matrix.md: CPU at rest grew with idle connections).
// Level-triggered; every ready socket is served once per pass, in the order epoll reports them;
// notifier changes are folded into at most one epoll_ctl per socket per pass (a write notifier
// switched on and off again in one pass costs nothing); timers keep Qt's semantics (no recursion,
// precise re-arming, very coarse timers on whole seconds); an eventfd wakes the loop for posted
// events and cross-thread posts (a pass that excludes socket notifiers waits on it and the timers
// only). Install with QThread::setEventDispatcher() before start(), once isValid().
class EpollEventDispatcher : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    // False when the kernel refused the epoll set or the wake-up descriptor (e.g. out of file
    // descriptors): errorString() says which and why, and the dispatcher must not be installed.
    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    // A layer with its own socket table (the load client's SocketPoller) puts its sockets into
    // this epoll set itself, tagged with directKey(), and is called once per ready socket: no
    // QSocketNotifier, no QEvent, and no second epoll set to wait on (one epoll_wait a pass, not two).
    class DirectHandler
    {
    public:
        virtual void socketReady(quint64 key, quint32 epollEvents) = 0;

    protected:
        ~DirectHandler() = default;
    };
    static constexpr quint64 kDirectKeyLimit = quint64(1) << 48;
    int epollDescriptor() const { return m_epoll; }
    // The handler's id for directKey(), or -1 when the ids are used up (never reused: a socket
    // still in the set under a removed handler's id must not reach a new one).
    int addDirectHandler(DirectHandler *handler);
    void removeDirectHandler(int handlerId); // its events still queued in this pass are dropped
    static quint64 directKey(int handlerId, quint64 key) { return kDirectFlag | (quint64(handlerId) << 48) | key; }

    // Interrupt moderation, as network cards do it: after a pass that found fewer than
    // kSmallPass sockets ready, sleep up to delayUs before waiting again, so the next pass serves
    // what arrived meanwhile in one go instead of one wake-up (and one peer's wake-up) per message.
    // For loops that take arrival times from the kernel (SO_TIMESTAMPNS), so no latency they
    // measure grows by it. 0, the default, waits as soon as a pass is done.
    void setBatchDelay(int delayUs) { m_batchDelayUs = qMax(0, delayUs); }

    // Descriptors found closed while still watched (their notifiers outlived them): the kernel had
    // dropped them from the set, and a new socket on the same number would have been left out.
    int lostWatches() const { return m_lostWatches; }
    // For diagnostics: whether fd's read slot holds expectedRead, the events asked for, what poll()
    // says of fd now, and the kernel's own entry for fd in the set.
    QString describeWatch(int fd, const QSocketNotifier *expectedRead) const;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

private:
    struct Watch
    {
        QSocketNotifier *notifiers[3] = {nullptr, nullptr, nullptr}; // Read, Write, Exception
        quint32 inKernel = 0; // the events epoll currently watches for
        bool pending = false; // in m_changed, to be applied before the next wait
        bool verify = false; // a new notifier on a watched fd: tell the kernel even if inKernel matches
        qint64 lastReadMs = 0; // when its read notifier last got an event (describeWatch())
    };
    struct Timer
    {
        int id = 0;
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 dueMs = 0;
        bool firing = false;
    };

    static constexpr quint64 kDirectFlag = quint64(1) << 63;
    static constexpr int kMaxDirectHandlers = 1 << 15;
    static constexpr int kSmallPass = 32;

    void applyChanges();
    void lostWatch(int fd, const char *call);
    void drainWakeUps();
    static quint32 wantedEvents(const Watch &watch);
    int activateTimers();
    int activateNotifiers(int readyCount);
    int waitMs(bool canWait) const;
    void holdForBatch(int waitMs) const;
    qint64 nextDue(const Timer &timer, qint64 nowMs) const;
    std::vector<Timer>::iterator timerById(int timerId);

    QString m_error;
    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_wakeUpPending{false};
    std::atomic<bool> m_interrupted{false};
    QHash<int, Watch> m_watches; // by file descriptor
    std::vector<int> m_changed;
    std::vector<Timer> m_timers;
    std::vector<epoll_event> m_ready;
    std::vector<DirectHandler *> m_directHandlers; // by id; null once removed
    int m_batchDelayUs = 0;
    int m_lastReady = 0; // sockets the last wait found ready
    int m_lostWatches = 0;
    qint64 m_passMs = 0; // when the current pass's wait returned
    // The kernel's line for fd in /proc/self/fdinfo of the epoll set (events, data), read at most
    // twice a second: a diagnostic that looks without touching, unlike an epoll_ctl probe.
    QString kernelWatch(int fd) const;
    mutable QHash<int, QString> m_kernelView;
    mutable qint64 m_kernelViewMs = 0;
};
