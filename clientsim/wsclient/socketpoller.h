#pragma once

#include <epolleventdispatcher.h>

#include <QString>

#include <memory>
#include <vector>

class QSocketNotifier;

// The sockets of a load thread, served with a direct call per ready socket (no QEvent, no signal,
// no notifier object per socket). On a thread run by EpollEventDispatcher (every load thread) they
// sit in the dispatcher's own epoll set, so a loop pass is one epoll_wait; on any other thread
// (tests, the conformance runner) in an epoll set of their own, watched through one
// QSocketNotifier. Level-triggered. Each watch carries a generation, so events already fetched
// for a socket that was closed (and its number reused) in the same batch are dropped, not
// delivered to the new socket. Use from the owning thread only.
class SocketPoller final : private EpollEventDispatcher::DirectHandler
{
public:
    class Watcher
    {
    public:
        virtual void socketReady(quint32 epollEvents) = 0;

    protected:
        ~Watcher() = default;

    private:
        friend class SocketPoller;
        qint32 m_slot = -1;
        quint16 m_generation = 0; // only told apart within one batch of events
        quint32 m_events = 0; // what epoll watches for now; 0 = not in the set
    };

    SocketPoller();
    ~SocketPoller();
    SocketPoller(const SocketPoller &) = delete;
    SocketPoller &operator=(const SocketPoller &) = delete;

    // Joins the calling thread's EpollEventDispatcher, or creates an epoll set and its notifier.
    bool open(QString *error);
    // Adds fd or changes what is watched (EPOLLIN, EPOLLOUT, ...).
    void watch(Watcher *watcher, int fd, quint32 events);
    // Call before closing fd: closing removes it from the set; this forgets events still queued.
    void forget(Watcher *watcher);
    // The watcher is going away for good.
    void release(Watcher *watcher);
    // The thread's dispatcher when the sockets are in its set, else null.
    EpollEventDispatcher *dispatcher() const { return m_dispatcher; }

private:
    void socketReady(quint64 key, quint32 epollEvents) override;
    void dispatchOwnSet();

    int m_epoll = -1;
    EpollEventDispatcher *m_dispatcher = nullptr; // whose set m_epoll is, else m_epoll is ours
    int m_handlerId = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    std::vector<Watcher *> m_slots;
    std::vector<qint32> m_freeSlots;
};
