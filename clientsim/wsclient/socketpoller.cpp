#include "socketpoller.h"

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
    m_notifier.reset();
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool SocketPoller::open(QString *error)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        *error = QStringLiteral("epoll_create1: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_notifier = std::make_unique<QSocketNotifier>(m_epoll, QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [this] { dispatch(); });
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
    event.data.u64 = quint64(quint32(w->m_slot)) | (quint64(w->m_generation) << 32);
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

void SocketPoller::dispatch()
{
    epoll_event events[kEventsPerPass];
    const int ready = epoll_wait(m_epoll, events, kEventsPerPass, 0);
    for (int i = 0; i < ready; ++i) {
        const quint64 data = events[i].data.u64;
        const size_t slot = size_t(quint32(data));
        Watcher *w = slot < m_slots.size() ? m_slots[slot] : nullptr;
        if (w && w->m_generation == quint32(data >> 32))
            w->socketReady(events[i].events);
    }
}
