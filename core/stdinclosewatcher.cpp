#include "stdinclosewatcher.h"

#include <QSocketNotifier>

#include <cerrno>

#include <unistd.h>

StdinCloseWatcher::StdinCloseWatcher(QObject *parent)
    : QObject(parent)
    , m_notifier(new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this))
{
    connect(m_notifier, &QSocketNotifier::activated, this, &StdinCloseWatcher::drain);
}

void StdinCloseWatcher::drain()
{
    char buffer[4096];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n > 0 || (n < 0 && (errno == EINTR || errno == EAGAIN)))
        return;
    m_notifier->setEnabled(false); // end of file or an error: nothing more will come
    Q_EMIT closed();
}
