#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>

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
// events and cross-thread posts. Install with QThread::setEventDispatcher() before start().
class EpollEventDispatcher : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

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

    void applyChanges();
    static quint32 wantedEvents(const Watch &watch);
    int activateTimers();
    int activateNotifiers(int readyCount);
    int waitMs(bool canWait) const;
    qint64 nextDue(const Timer &timer, qint64 nowMs) const;
    std::vector<Timer>::iterator timerById(int timerId);

    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_wakeUpPending{false};
    std::atomic<bool> m_interrupted{false};
    QHash<int, Watch> m_watches; // by file descriptor
    std::vector<int> m_changed;
    std::vector<Timer> m_timers;
    std::vector<epoll_event> m_ready;
};
