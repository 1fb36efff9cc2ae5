#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSocketNotifier>
#include <QThread>

#include <poll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

namespace {

constexpr int kMaxReadyPerPass = 1024;

qint64 nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_ready(kMaxReadyPerPass)
{
    const auto failed = [this](const char *call) {
        m_error = QStringLiteral("%1: %2").arg(QLatin1String(call), QString::fromLocal8Bit(strerror(errno)));
    };
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        failed("epoll_create1");
        return;
    }
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_wakeFd < 0) {
        failed("eventfd");
        return;
    }
    epoll_event wake{};
    wake.events = EPOLLIN;
    wake.data.fd = m_wakeFd;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &wake) != 0)
        failed("epoll_ctl");
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wakeFd >= 0)
        close(m_wakeFd);
    if (m_epoll >= 0)
        close(m_epoll);
}

void EpollEventDispatcher::drainWakeUps()
{
    quint64 count = 0;
    [[maybe_unused]] const ssize_t got = read(m_wakeFd, &count, sizeof count);
    m_wakeUpPending.store(false);
}

quint32 EpollEventDispatcher::wantedEvents(const Watch &watch)
{
    return (watch.notifiers[QSocketNotifier::Read] ? quint32(EPOLLIN) : 0u)
        | (watch.notifiers[QSocketNotifier::Write] ? quint32(EPOLLOUT) : 0u)
        | (watch.notifiers[QSocketNotifier::Exception] ? quint32(EPOLLPRI) : 0u);
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    Watch &watch = m_watches[int(notifier->socket())];
    // Another notifier on a number the kernel's set holds: the last one's descriptor may have been
    // closed behind it (the kernel then dropped it) and this number reused. Ask the kernel.
    if (watch.notifiers[notifier->type()] != notifier && watch.inKernel)
        watch.verify = true;
    watch.notifiers[notifier->type()] = notifier;
    if (!watch.pending) {
        watch.pending = true;
        m_changed.push_back(int(notifier->socket()));
    }
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    auto it = m_watches.find(fd);
    if (it == m_watches.end() || it->notifiers[notifier->type()] != notifier)
        return;
    it->notifiers[notifier->type()] = nullptr;
    if (wantedEvents(*it) == 0) {
        // Now, not at the next pass: Qt closes the descriptor right after, and a new socket may get
        // the same number before the next pass.
        if (it->inKernel && epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr) != 0)
            lostWatch(fd, "EPOLL_CTL_DEL");
        m_watches.erase(it);
        return;
    }
    if (!it->pending) {
        it->pending = true;
        m_changed.push_back(fd);
    }
}

QString EpollEventDispatcher::kernelWatch(int fd) const
{
    // The kernel's own view of the set: one "tfd: N events: X data: Y" line per watched descriptor.
    const qint64 now = nowMs();
    if (now - m_kernelViewMs > 500) {
        m_kernelView.clear();
        QFile info(QStringLiteral("/proc/self/fdinfo/%1").arg(m_epoll));
        if (info.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : info.readAll().split('\n')) {
                if (line.startsWith("tfd:"))
                    m_kernelView.insert(line.mid(4).trimmed().split(' ').value(0).toInt(), QString::fromLatin1(line.simplified()));
            }
        }
        m_kernelViewMs = now;
    }
    return m_kernelView.value(fd, QStringLiteral("not in the kernel's set"));
}

QString EpollEventDispatcher::describeWatch(int fd, const QSocketNotifier *expectedRead) const
{
    const auto it = m_watches.constFind(fd);
    if (it == m_watches.cend())
        return QStringLiteral("no watch on fd %1").arg(fd);
    const QSocketNotifier *read = it->notifiers[QSocketNotifier::Read];
    pollfd probe{fd, POLLIN | POLLOUT, 0};
    poll(&probe, 1, 0);
    return QStringLiteral("fd %1 read slot %2, pending %3, events %4, poll() %5, kernel: %6, last read event %7 ms ago")
        .arg(fd)
        .arg(!read ? QStringLiteral("empty") : read == expectedRead ? QStringLiteral("this socket's") : QStringLiteral("ANOTHER notifier"))
        .arg(it->pending)
        .arg(it->inKernel)
        .arg(probe.revents)
        .arg(kernelWatch(fd))
        .arg(it->lastReadMs ? nowMs() - it->lastReadMs : -1);
}

void EpollEventDispatcher::applyChanges()
{
    for (int fd : m_changed) {
        auto it = m_watches.find(fd);
        if (it == m_watches.end())
            continue; // unregistered meanwhile
        it->pending = false;
        const quint32 wanted = wantedEvents(*it);
        const bool verify = std::exchange(it->verify, false);
        if (wanted == it->inKernel && !verify)
            continue; // switched on and off again within the pass: nothing to tell the kernel
        epoll_event event{};
        event.events = wanted;
        event.data.fd = fd;
        if (!it->inKernel) {
            if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0 && errno == EEXIST)
                epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
        } else if (epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event) != 0 && errno == ENOENT) {
            lostWatch(fd, "EPOLL_CTL_MOD");
            epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
        }
        it->inKernel = wanted;
    }
    m_changed.clear();
}

void EpollEventDispatcher::lostWatch(int fd, const char *call)
{
    if (m_lostWatches++ == 0) // one line is the clue; a count would only repeat it
        qWarning("EpollEventDispatcher: descriptor %d was closed while still watched (%s: %s)", fd, call, strerror(errno));
}

qint64 EpollEventDispatcher::nextDue(const Timer &timer, qint64 now) const
{
    if (timer.type == Qt::VeryCoarseTimer) {
        // Whole seconds, as Qt does: fewer wake-ups for timers that do not need precision.
        const qint64 seconds = qMax<qint64>(1, (timer.intervalMs + 500) / 1000);
        return (now / 1000 + seconds) * 1000;
    }
    if (timer.type == Qt::PreciseTimer && timer.dueMs + timer.intervalMs > now)
        return timer.dueMs + timer.intervalMs; // keep the schedule when not late
    return now + timer.intervalMs;
}

std::vector<EpollEventDispatcher::Timer>::iterator EpollEventDispatcher::timerById(int timerId)
{
    return std::find_if(m_timers.begin(), m_timers.end(), [timerId](const Timer &t) { return t.id == timerId; });
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    Timer timer;
    timer.id = timerId;
    timer.intervalMs = interval;
    timer.type = timerType;
    timer.object = object;
    const qint64 now = nowMs();
    timer.dueMs = timerType == Qt::VeryCoarseTimer ? nextDue(timer, now) : now + interval;
    m_timers.push_back(timer);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = timerById(timerId);
    if (it == m_timers.end())
        return false;
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    const auto before = m_timers.size();
    m_timers.erase(std::remove_if(m_timers.begin(), m_timers.end(), [object](const Timer &t) { return t.object == object; }),
                   m_timers.end());
    return m_timers.size() != before;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> infos;
    for (const Timer &t : m_timers) {
        if (t.object == object)
            infos.append(TimerInfo(t.id, int(t.intervalMs), t.type));
    }
    return infos;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = timerById(timerId);
    return it == m_timers.end() ? -1 : int(qMax<qint64>(0, it->dueMs - nowMs()));
}

void EpollEventDispatcher::wakeUp()
{
    // Any thread may call this; one write per wake-up however many posts come before it is read.
    if (!m_wakeUpPending.exchange(true)) {
        const quint64 one = 1;
        [[maybe_unused]] const ssize_t written = write(m_wakeFd, &one, sizeof one);
    }
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

int EpollEventDispatcher::waitMs(bool canWait) const
{
    if (!canWait)
        return 0;
    qint64 wait = -1;
    const qint64 now = nowMs();
    for (const Timer &t : m_timers) {
        if (t.firing)
            continue;
        const qint64 left = qMax<qint64>(0, t.dueMs - now);
        wait = wait < 0 ? left : qMin(wait, left);
    }
    return int(qMin<qint64>(wait, std::numeric_limits<int>::max()));
}

void EpollEventDispatcher::holdForBatch(int waitMs) const
{
    const qint64 us = waitMs < 0 ? m_batchDelayUs : qMin<qint64>(m_batchDelayUs, qint64(waitMs) * 1000);
    const timespec pause{time_t(us / 1000000), long(us % 1000000) * 1000};
    clock_nanosleep(CLOCK_MONOTONIC, 0, &pause, nullptr); // a signal may end it early: harmless
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    Q_EMIT awake(); // once per pass, as Qt's own dispatchers: we may just have come back from a wait
    QCoreApplication::sendPostedEvents();
    if (m_interrupted.load())
        return false;

    const bool canWait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupted.load();
    applyChanges();
    if (canWait)
        Q_EMIT aboutToBlock();
    int handled = 0;
    if (flags & QEventLoop::ExcludeSocketNotifiers) {
        // Wait for wake-ups and timers only: ready sockets in the epoll set would end every wait
        // at once (level-triggered), a busy loop for as long as the caller excludes them.
        pollfd wake{m_wakeFd, POLLIN, 0};
        if (poll(&wake, 1, waitMs(canWait)) > 0) {
            drainWakeUps();
            ++handled; // posted events are sent on the next pass
        }
    } else {
        int wait = waitMs(canWait);
        if (wait != 0 && m_batchDelayUs > 0 && m_lastReady < kSmallPass) {
            holdForBatch(wait);
            wait = waitMs(canWait); // a timer may be due now
        }
        const int ready = epoll_wait(m_epoll, m_ready.data(), int(m_ready.size()), wait);
        m_lastReady = qMax(0, ready);
        m_passMs = nowMs();
        if (ready > 0) // else EINTR, a signal: the next pass will see what is ready
            handled += activateNotifiers(ready);
    }
    if (!(flags & QEventLoop::X11ExcludeTimers))
        handled += activateTimers();
    return handled > 0;
}

int EpollEventDispatcher::addDirectHandler(DirectHandler *handler)
{
    if (m_directHandlers.size() >= size_t(kMaxDirectHandlers))
        return -1;
    m_directHandlers.push_back(handler);
    return int(m_directHandlers.size() - 1);
}

void EpollEventDispatcher::removeDirectHandler(int handlerId)
{
    if (handlerId >= 0 && size_t(handlerId) < m_directHandlers.size())
        m_directHandlers[size_t(handlerId)] = nullptr;
}

int EpollEventDispatcher::activateNotifiers(int readyCount)
{
    int activated = 0;
    for (int i = 0; i < readyCount; ++i) {
        const quint64 data = m_ready[size_t(i)].data.u64;
        const quint32 events = m_ready[size_t(i)].events;
        if (data & kDirectFlag) {
            // Looked up per event: an earlier handler call in this pass may have removed it.
            DirectHandler *handler = m_directHandlers[size_t((data & ~kDirectFlag) >> 48)];
            if (handler) {
                handler->socketReady(data & (kDirectKeyLimit - 1), events);
                ++activated;
            }
            continue;
        }
        const int fd = int(data);
        if (fd == m_wakeFd) {
            drainWakeUps();
            ++activated; // posted events are sent on the next pass
            continue;
        }
        const bool failed = events & (EPOLLERR | EPOLLHUP);
        const struct
        {
            QSocketNotifier::Type type;
            bool ready;
        } kinds[] = {{QSocketNotifier::Read, (events & EPOLLIN) || failed},
                     {QSocketNotifier::Write, (events & EPOLLOUT) || failed},
                     {QSocketNotifier::Exception, bool(events & EPOLLPRI)}};
        for (const auto &kind : kinds) {
            if (!kind.ready)
                continue;
            // Look again each time: the previous notifier's slot may have removed this one.
            const auto it = m_watches.find(fd);
            if (it == m_watches.end())
                break;
            QSocketNotifier *notifier = it->notifiers[kind.type];
            if (!notifier)
                continue;
            if (kind.type == QSocketNotifier::Read)
                it->lastReadMs = m_passMs;
            QEvent event(QEvent::SockAct);
            QCoreApplication::sendEvent(notifier, &event);
            ++activated;
        }
    }
    return activated;
}

int EpollEventDispatcher::activateTimers()
{
    int fired = 0;
    const qint64 now = nowMs();
    // Collect first: a timer event may start or stop timers.
    std::vector<int> due;
    for (const Timer &t : m_timers) {
        if (!t.firing && t.dueMs <= now)
            due.push_back(t.id);
    }
    for (int id : due) {
        auto it = timerById(id);
        if (it == m_timers.end() || it->firing)
            continue; // killed by an earlier timer's event
        it->dueMs = nextDue(*it, now);
        it->firing = true;
        QObject *object = it->object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++fired;
        it = timerById(id);
        if (it != m_timers.end())
            it->firing = false;
    }
    return fired;
}
