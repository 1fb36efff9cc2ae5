#include "listeningsocket.h"

#include "socketaddress.h"

#include <QSocketNotifier>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

quint16 boundPort(int fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return 0;
    return ntohs(storage.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port
                                               : reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
}

} // namespace

ListeningSocket::ListeningSocket(QObject *parent)
    : QObject(parent)
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(kRetryAfterMs);
    connect(&m_retry, &QTimer::timeout, this, &ListeningSocket::updateNotifier);
}

ListeningSocket::~ListeningSocket()
{
    close();
}

bool ListeningSocket::listen(const QHostAddress &address, quint16 port, int backlog, bool reusePort)
{
    close();
    sockaddr_storage storage{};
    const socklen_t length = socketAddress(address, port, &storage);
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int on = 1;
    const char *step = "socket";
    if (fd >= 0) {
        step = reusePort ? "SO_REUSEADDR/SO_REUSEPORT" : "SO_REUSEADDR";
        if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0
            && (!reusePort || ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) == 0)) {
            step = "bind";
            if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) == 0) {
                step = "listen";
                if (::listen(fd, backlog) == 0) {
                    m_fd = fd;
                    m_address = address;
                    m_port = boundPort(fd);
                    m_backlog = backlog;
                    m_reusePort = reusePort;
                    m_notifier = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this);
                    connect(m_notifier, &QSocketNotifier::activated, this, &ListeningSocket::acceptAll);
                    updateNotifier();
                    return true;
                }
            }
        }
    }
    m_error = QStringLiteral("%1:%2: %3: %4")
                  .arg(address.toString())
                  .arg(port)
                  .arg(QLatin1String(step), QString::fromLocal8Bit(std::strerror(errno)));
    if (fd >= 0)
        ::close(fd);
    return false;
}

bool ListeningSocket::relisten()
{
    return listen(m_address, m_port, m_backlog, m_reusePort);
}

void ListeningSocket::close()
{
    m_retry.stop();
    delete m_notifier;
    m_notifier = nullptr;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

void ListeningSocket::setPaused(bool paused)
{
    m_paused = paused;
    updateNotifier();
}

void ListeningSocket::updateNotifier()
{
    if (m_notifier)
        m_notifier->setEnabled(!m_paused && !m_retry.isActive());
}

void ListeningSocket::acceptAll()
{
    while (m_fd >= 0 && !m_paused) {
        const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            Q_EMIT accepted(qintptr(fd));
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED)
            continue; // a client gone before its accept: the next one may be there
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
            m_retry.start();
            updateNotifier();
            Q_EMIT resourceError();
        }
        return; // EAGAIN: the backlog is empty
    }
}
