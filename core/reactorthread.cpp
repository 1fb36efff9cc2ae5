#include "reactorthread.h"

#include "epolleventdispatcher.h"

ReactorThread::ReactorThread(const QString &name)
    : m_thread(std::make_unique<QThread>())
{
    m_thread->setObjectName(name);
    // epoll unless told otherwise (SOCKETSCOPE_DISPATCHER=qt: Qt's own, to compare; docs/BENCHMARKS.md).
    if (qEnvironmentVariable("SOCKETSCOPE_DISPATCHER") == QLatin1String("qt"))
        return;
    auto dispatcher = std::make_unique<EpollEventDispatcher>();
    if (!dispatcher->isValid()) {
        m_error = QStringLiteral("%1: no event dispatcher (%2)").arg(name, dispatcher->errorString());
        qWarning("%s", qPrintable(m_error));
        return;
    }
    // Installed by start(): a thread that never runs does not free what it was given (a server that
    // cannot listen would leak it).
    m_dispatcher = std::move(dispatcher);
}

ReactorThread::~ReactorThread()
{
    stop();
}

void ReactorThread::start(QObject *worker)
{
    if (m_dispatcher)
        m_thread->setEventDispatcher(m_dispatcher.release());
    worker->moveToThread(m_thread.get());
    QObject::connect(m_thread.get(), &QThread::finished, worker, &QObject::deleteLater);
    m_thread->start();
}

void ReactorThread::stop()
{
    if (!m_thread->isRunning())
        return;
    m_thread->quit();
    m_thread->wait();
}
