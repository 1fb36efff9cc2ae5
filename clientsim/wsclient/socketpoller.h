#pragma once

#include <QString>

#include <memory>
#include <vector>

class QSocketNotifier;

// One epoll set for the sockets of a load thread, watched by the thread's event loop through a
// single QSocketNotifier: a loop pass serves every ready connection with a direct call (no QEvent,
// no signal, no notifier object per socket). Level-triggered. Each watch carries a generation, so
// events already fetched for a socket that was closed (and its number reused) in the same batch
// are dropped, not delivered to the new socket. Use from the owning thread only.
class SocketPoller
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
        quint32 m_generation = 0;
        quint32 m_events = 0; // what epoll watches for now; 0 = not in the set
    };

    SocketPoller();
    ~SocketPoller();
    SocketPoller(const SocketPoller &) = delete;
    SocketPoller &operator=(const SocketPoller &) = delete;

    // Creates the epoll set and its notifier in the calling thread.
    bool open(QString *error);
    // Adds fd or changes what is watched (EPOLLIN, EPOLLOUT, ...).
    void watch(Watcher *watcher, int fd, quint32 events);
    // Call before closing fd: closing removes it from the set; this forgets events still queued.
    void forget(Watcher *watcher);
    // The watcher is going away for good.
    void release(Watcher *watcher);

private:
    void dispatch();

    int m_epoll = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    std::vector<Watcher *> m_slots;
    std::vector<qint32> m_freeSlots;
};
