#include "clientconnection.h"

#include "clientcontext.h"
#include "clientframewriter.h"
#include "connecttarget.h"
#include "tlssession.h"

#include <wireframe.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace {

constexpr int kReadsPerWakeup = 4; // then let the other ready sockets have their turn

// "refused", "timeout", ... for an errno of connect(); the samples count it after "connect_".
QByteArray connectErrorKind(int error)
{
    switch (error) {
    case ECONNREFUSED: return "refused";
    case ETIMEDOUT: return "timeout";
    case ECONNRESET: return "reset";
    case EADDRNOTAVAIL: return "no_local_port";
    case ENETUNREACH:
    case EHOSTUNREACH: return "unreachable";
    default: break;
    }
    const char *name = strerrorname_np(error);
    return name ? QByteArray(name).toLower() : "errno_" + QByteArray::number(error);
}

} // namespace

ClientConnection::ClientConnection(ClientContext *context, Listener *listener, quint32 tag, quint64 maxMessageBytes)
    : m_context(context)
    , m_listener(listener)
    , m_parser(maxMessageBytes)
    , m_tag(tag)
{
}

ClientConnection::~ClientConnection()
{
    closeSocket();
    m_context->poller().release(this);
}

ClientConnection::Cork::Cork(ClientConnection *c)
    : m_connection(c)
    , m_outermost(c->m_context->m_corkOwner != c)
{
    c->m_context->takeCork(c);
}

ClientConnection::Cork::~Cork()
{
    ClientContext *context = m_connection->m_context;
    if (m_outermost && context->m_corkOwner == m_connection) {
        m_connection->writeCork();
        context->m_corkOwner = nullptr;
    }
}

void ClientConnection::watch(quint32 events)
{
    m_context->poller().watch(this, m_fd, events);
}

void ClientConnection::open(const ConnectTarget &target, const sockaddr_storage *source, socklen_t sourceLength,
                            const Handshake::Request *request, qint64 deadlineNs)
{
    Q_ASSERT(m_state == State::Closed);
    m_target = &target;
    m_request = request;
    m_deadlineNs = deadlineNs;
    m_state = State::Connecting;
    ++m_session;
    m_fd = ::socket(target.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        failConnect(connectErrorKind(errno));
        return;
    }
    const int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); // we batch ourselves: see Cork
    if (!target.tls)
        setsockopt(m_fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one); // see arrivalNs()
    if (source) {
        // The kernel still picks the port at connect() time, per 4-tuple, not per address.
        setsockopt(m_fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        if (::bind(m_fd, reinterpret_cast<const sockaddr *>(source), sourceLength) != 0) {
            failConnect("bind_failed");
            return;
        }
    }
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&target.address), target.addressLength) == 0) {
        connected();
        return;
    }
    if (errno != EINPROGRESS) {
        failConnect(connectErrorKind(errno));
        return;
    }
    watch(EPOLLOUT);
}

void ClientConnection::socketReady(quint32 events)
{
    switch (m_state) {
    case State::Closed:
        return;
    case State::Connecting:
        connected();
        return;
    case State::TlsHandshake:
        tlsHandshake();
        return;
    default:
        break;
    }
    if (events & EPOLLOUT) {
        writeBacklog();
        if (m_state == State::Closed)
            return;
    }
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP) || (m_tls && (events & EPOLLOUT)))
        readSome();
}

void ClientConnection::connected()
{
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = errno;
    if (error != 0) {
        failConnect(connectErrorKind(error));
        return;
    }
    if (!m_target->tls) {
        startUpgrade();
        return;
    }
    m_tls = std::make_unique<TlsSession>(m_context->tlsContext(), m_fd, m_target->host);
    m_state = State::TlsHandshake;
    tlsHandshake();
}

void ClientConnection::tlsHandshake()
{
    switch (m_tls->handshake()) {
    case TlsSession::Status::Done:
        startUpgrade();
        return;
    case TlsSession::Status::WantRead:
        watch(EPOLLIN);
        return;
    case TlsSession::Status::WantWrite:
        watch(EPOLLOUT);
        return;
    default:
        failConnect(m_tls->failureKind());
        return;
    }
}

void ClientConnection::startUpgrade()
{
    m_state = State::Upgrading;
    watch(EPOLLIN);
    m_key = Handshake::key(m_context->random(), m_context->random());
    const QByteArray request = Handshake::request(*m_request, m_key);
    writeOut(request.constData(), request.size());
}

void ClientConnection::readSome()
{
    Cork cork(this);
    char *buffer = m_context->readBuffer();
    for (int round = 0; round < kReadsPerWakeup; ++round) {
        qsizetype n = 0;
        if (m_tls) {
            TlsSession::Status status;
            n = m_tls->read(buffer, ClientContext::kReadBufferBytes, &status);
            if (status == TlsSession::Status::WantRead)
                break;
            if (status == TlsSession::Status::WantWrite) {
                watch(EPOLLIN | EPOLLOUT);
                break;
            }
            if (status != TlsSession::Status::Done) {
                peerGone();
                return;
            }
            m_arrivalNs = ClientContext::nowNs();
        } else {
            n = readPlain(buffer);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            if (n <= 0) {
                peerGone();
                return;
            }
        }
        const quint32 session = m_session;
        received(buffer, n);
        if (m_session != session || m_state == State::Closed)
            return; // ended (and maybe reopened) by what was read
        if (n < ClientContext::kReadBufferBytes && !(m_tls && m_tls->hasPending()))
            break; // drained; level-triggered epoll says when more comes
    }
}

qsizetype ClientConnection::readPlain(char *buffer)
{
    iovec into{buffer, size_t(ClientContext::kReadBufferBytes)};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
    msghdr message{};
    message.msg_iov = &into;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    const ssize_t n = ::recvmsg(m_fd, &message, 0);
    if (n <= 0)
        return n;
    const cmsghdr *stamp = CMSG_FIRSTHDR(&message);
    if (stamp && stamp->cmsg_level == SOL_SOCKET && stamp->cmsg_type == SCM_TIMESTAMPNS) {
        timespec at;
        std::memcpy(&at, CMSG_DATA(stamp), sizeof at);
        m_arrivalNs = ClientContext::steadyNsOf(at);
    } else {
        m_arrivalNs = ClientContext::nowNs(); // none yet: the kernel switches stamping on lazily
    }
    return n;
}

void ClientConnection::received(const char *data, qsizetype size)
{
    if (m_state == State::Upgrading)
        handshakeBytes(data, size);
    else
        m_parser.feed(data, size, *this);
}

void ClientConnection::handshakeBytes(const char *data, qsizetype size)
{
    m_handshake.append(data, size);
    const Handshake::Response response = Handshake::readResponse(m_handshake, m_key, m_request->subprotocol);
    if (response.result == Handshake::Response::Result::Incomplete)
        return;
    if (response.result == Handshake::Response::Result::Refused) {
        failConnect(response.failure);
        return;
    }
    const QByteArray early = m_handshake.mid(response.headBytes); // frames sent right after the 101
    m_handshake = QByteArray();
    m_key = QByteArray();
    m_state = State::Open;
    m_deadlineNs = 0;
    const quint32 session = m_session;
    m_listener->connectionOpened(this);
    if (!early.isEmpty() && m_session == session && m_state == State::Open)
        m_parser.feed(early.constData(), early.size(), *this);
}

void ClientConnection::peerGone()
{
    switch (m_state) {
    case State::Open:
        finish(CloseInfo{}); // dropped without a close frame: 1006
        return;
    case State::Closing:
        finish(std::exchange(m_closeInfo, CloseInfo{}));
        return;
    default:
        failConnect("closed_in_handshake");
        return;
    }
}

bool ClientConnection::messageReceived(bool text, const char *data, qsizetype size)
{
    const quint32 session = m_session;
    m_listener->messageReceived(this, text, data, size);
    return m_session == session && (m_state == State::Open || m_state == State::Closing);
}

bool ClientConnection::pingReceived(const char *data, qsizetype size)
{
    if (m_state == State::Open)
        appendFrame(WireFrame::Pong, data, size);
    return true;
}

bool ClientConnection::pongReceived(const char *data, qsizetype size)
{
    m_pingSentNs = 0;
    const quint32 session = m_session;
    m_listener->pongReceived(this, data, size);
    return m_session == session && (m_state == State::Open || m_state == State::Closing);
}

void ClientConnection::closeReceived(int code, const char *reason, qsizetype size)
{
    if (m_state == State::Open) {
        // Echo the code (none for none), then wait for the server to end the TCP connection (7.1.1).
        const QByteArray payload = code == 1005 ? QByteArray() : WireFrame::closePayload(code);
        appendFrame(WireFrame::Close, payload.constData(), payload.size());
        m_closeInfo = CloseInfo{code, false, nullptr, QByteArray(reason, size)};
        m_state = State::Closing;
        m_deadlineNs = ClientContext::nowNs() + kCloseGraceNs;
    }
}

void ClientConnection::faultFound(FrameParser::Fault fault)
{
    fail(FrameParser::faultKind(fault), FrameParser::closeCodeFor(fault));
}

bool ClientConnection::send(bool text, const char *data, qsizetype size)
{
    if (m_state != State::Open)
        return false;
    appendFrame(text ? WireFrame::Text : WireFrame::Binary, data, size);
    return true;
}

bool ClientConnection::ping(const char *data, qsizetype size, qint64 nowNs)
{
    if (m_state != State::Open)
        return false;
    appendFrame(WireFrame::Ping, data, size);
    if (m_pingSentNs == 0)
        m_pingSentNs = nowNs;
    return true;
}

void ClientConnection::close(int code, const QByteArray &reason)
{
    if (m_state != State::Open) {
        if (m_state != State::Closing && m_state != State::Closed)
            failConnect("aborted");
        return;
    }
    const QByteArray payload = WireFrame::closePayload(code, reason);
    appendFrame(WireFrame::Close, payload.constData(), payload.size());
    m_closeInfo = CloseInfo{code, true, nullptr, reason};
    m_state = State::Closing;
    m_deadlineNs = ClientContext::nowNs() + kCloseGraceNs;
}

void ClientConnection::fail(const char *kind, int code)
{
    switch (m_state) {
    case State::Closed:
        return;
    case State::Open:
    case State::Closing: {
        const QByteArray payload = WireFrame::closePayload(code);
        if (m_state == State::Open)
            appendFrame(WireFrame::Close, payload.constData(), payload.size());
        if (m_context->m_corkOwner == this)
            writeCork(); // the close frame goes before the socket does
        finish(CloseInfo{code, true, kind, {}});
        return;
    }
    default:
        failConnect(kind);
        return;
    }
}

void ClientConnection::checkDeadline(qint64 nowNs)
{
    if (m_deadlineNs == 0 || nowNs < m_deadlineNs)
        return;
    if (m_state == State::Closing)
        finish(std::exchange(m_closeInfo, CloseInfo{})); // the server never ended the TCP connection
    else if (m_state != State::Closed && m_state != State::Open)
        failConnect("handshake_timeout");
}

void ClientConnection::appendFrame(int opcode, const char *data, qsizetype size)
{
    const qsizetype bytes = ClientFrameWriter::headerBytes(size) + size;
    const quint32 key = quint32(m_context->random());
    QByteArray &out = m_backlog.isEmpty() ? m_context->m_cork : m_backlog; // behind what waits, in order
    const bool corked = m_context->m_corkOwner == this;
    if (&out == &m_context->m_cork)
        m_context->takeCork(this);
    const qsizetype at = out.size();
    out.resize(at + bytes);
    ClientFrameWriter::write(out.data() + at, opcode, data, size, key);
    if (&out != &m_context->m_cork)
        return;
    if (!corked) {
        writeCork();
        m_context->m_corkOwner = nullptr;
    } else if (out.size() >= ClientContext::kCorkFlushBytes) {
        writeCork();
    }
}

void ClientConnection::writeCork()
{
    QByteArray &cork = m_context->m_cork;
    if (m_fd >= 0 && !cork.isEmpty())
        writeOut(cork.constData(), cork.size());
    cork.resize(0);
}

void ClientConnection::writeOut(const char *data, qsizetype size)
{
    if (m_writeFailed)
        return; // the read side reports the end
    if (!m_backlog.isEmpty()) {
        m_backlog.append(data, size);
        return;
    }
    qsizetype done = 0;
    while (done < size) {
        qsizetype n = 0;
        if (m_tls) {
            TlsSession::Status status;
            n = m_tls->write(data + done, size - done, &status);
            if (status == TlsSession::Status::WantWrite || status == TlsSession::Status::WantRead)
                break;
            if (status != TlsSession::Status::Done) {
                m_writeFailed = true;
                return;
            }
        } else {
            n = ::send(m_fd, data + done, size_t(size - done), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            if (n < 0) {
                m_writeFailed = true; // EPIPE, ECONNRESET: epoll reports the error to the read side
                return;
            }
        }
        done += n;
    }
    if (done < size) {
        m_backlog.append(data + done, size - done);
        watch(EPOLLIN | EPOLLOUT);
    }
}

void ClientConnection::writeBacklog()
{
    if (!m_backlog.isEmpty()) {
        const QByteArray pending = std::exchange(m_backlog, QByteArray());
        writeOut(pending.constData(), pending.size());
    }
    if (m_backlog.isEmpty() && m_fd >= 0)
        watch(EPOLLIN); // also after a TLS read that wanted to write
}

void ClientConnection::closeSocket()
{
    if (m_context->m_corkOwner == this) {
        m_context->m_cork.resize(0);
        m_context->m_corkOwner = nullptr;
    }
    m_tls.reset();
    if (m_fd >= 0) {
        m_context->poller().forget(this);
        ::close(m_fd);
        m_fd = -1;
    }
    m_state = State::Closed;
    m_parser.reset();
    m_backlog = QByteArray();
    m_handshake = QByteArray();
    m_key = QByteArray();
    m_deadlineNs = 0;
    m_pingSentNs = 0;
    m_writeFailed = false;
}

void ClientConnection::finish(CloseInfo info)
{
    closeSocket();
    m_listener->connectionClosed(this, info);
}

void ClientConnection::failConnect(const QByteArray &kind)
{
    closeSocket();
    m_listener->connectionFailed(this, kind);
}
