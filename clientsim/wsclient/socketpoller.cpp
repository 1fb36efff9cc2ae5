#include "socketpoller.h"

#include <QAbstractEventDispatcher>
#include <QSocketNotifier>

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace {
constexpr int kEventsPerPass = 512;
}

SocketPoller::SocketPoller() = default;

SocketPoller::~SocketPoller()
{
    if (m_dispatcher) {
        m_dispatcher->removeDirectHandler(m_handlerId);
        return;
    }
    m_notifier.reset();
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool SocketPoller::open(QString *error)
{
    if (auto *dispatcher = qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance())) {
        m_handlerId = dispatcher->addDirectHandler(this);
        if (m_handlerId >= 0) {
            m_dispatcher = dispatcher;
            m_epoll = dispatcher->epollDescriptor();
            return true;
        }
    }
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        *error = QStringLiteral("epoll_create1: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_notifier = std::make_unique<QSocketNotifier>(m_epoll, QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [this] { dispatchOwnSet(); });
    return true;
}

void SocketPoller::watch(Watcher *w, int fd, quint32 events)
{
    if (w->m_slot < 0) {
        if (m_freeSlots.empty()) {
            w->m_slot = qint32(m_slots.size());
            m_slots.push_back(w);
        } else {
            w->m_slot = m_freeSlots.back();
            m_freeSlots.pop_back();
            m_slots[size_t(w->m_slot)] = w;
        }
    }
    if (w->m_events == events)
        return;
    epoll_event event{};
    event.events = events;
    const quint64 key = quint64(quint32(w->m_slot)) | (quint64(w->m_generation) << 32);
    event.data.u64 = m_dispatcher ? EpollEventDispatcher::directKey(m_handlerId, key) : key;
    epoll_ctl(m_epoll, w->m_events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
    w->m_events = events;
}

void SocketPoller::forget(Watcher *w)
{
    ++w->m_generation;
    w->m_events = 0;
}

void SocketPoller::release(Watcher *w)
{
    forget(w);
    if (w->m_slot < 0)
        return;
    m_slots[size_t(w->m_slot)] = nullptr;
    m_freeSlots.push_back(w->m_slot);
    w->m_slot = -1;
}

void SocketPoller::socketReady(quint64 key, quint32 epollEvents)
{
    const size_t slot = size_t(quint32(key));
    Watcher *w = slot < m_slots.size() ? m_slots[slot] : nullptr;
    if (w && w->m_generation == quint16(key >> 32))
        w->socketReady(epollEvents);
}

void SocketPoller::dispatchOwnSet()
{
    epoll_event events[kEventsPerPass];
    const int ready = epoll_wait(m_epoll, events, kEventsPerPass, 0);
    for (int i = 0; i < ready; ++i)
        socketReady(events[i].data.u64, events[i].events);
}
