#pragma once

#include <QString>
#include <QThread>

#include <memory>

class EpollEventDispatcher;

// One worker thread with its own event loop, as used by the server's sub-reactors and the load
// engine's client threads. Every worker thread is created here so the event dispatcher is chosen
// in one place: EpollEventDispatcher.
class ReactorThread
{
public:
    // Check errorString() before start(): the epoll dispatcher may not get its descriptors.
    explicit ReactorThread(const QString &name);
    ~ReactorThread(); // stops the thread if still running
    ReactorThread(const ReactorThread &) = delete;
    ReactorThread &operator=(const ReactorThread &) = delete;

    // Moves worker into the thread and starts its loop; worker is deleted in that thread on stop.
    void start(QObject *worker);
    // quit() + wait(): returns once the loop has ended and the worker is deleted.
    void stop();
    QThread *thread() const { return m_thread.get(); }
    // Why the thread cannot run its event loop; empty when it can.
    QString errorString() const { return m_error; }

private:
    std::unique_ptr<QThread> m_thread;
    std::unique_ptr<EpollEventDispatcher> m_dispatcher; // ours until start() hands it to the thread
    QString m_error;
};
