#include "reactorthread.h"

ReactorThread::ReactorThread(const QString &name)
    : m_thread(std::make_unique<QThread>())
{
    m_thread->setObjectName(name);
}

ReactorThread::~ReactorThread()
{
    stop();
}

void ReactorThread::start(QObject *worker)
{
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
