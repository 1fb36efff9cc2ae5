#pragma once

#include "frameparser.h"
#include "handshake.h"
#include "socketpoller.h"

#include <QByteArray>

#include <sys/socket.h>

#include <memory>

class ClientContext;
class TlsSession;
struct ConnectTarget;

// One client WebSocket connection over a raw non-blocking socket, driven by its thread's
// SocketPoller: connect (bound to a source address if given) -> TLS -> upgrade -> open -> close
// handshake -> closed, and again on the next open(). Frames of one pass (replies to what one read
// brought, pongs) leave in one write(); what the kernel does not take waits in a backlog the
// caller can bound with bufferedBytes(). Timeouts are the owner's sweep calling checkDeadline().
// No timer, notifier or QObject per connection. Use from the context's thread only.
class ClientConnection final : private SocketPoller::Watcher, private FrameParser::Handler
{
public:
    enum class State : quint8 { Closed, Connecting, TlsHandshake, Upgrading, Open, Closing };

    struct CloseInfo
    {
        int code = 1006; // the close handshake's code; ours when we failed the connection; 1006 for a drop
        bool byUs = false; // we started the close: close(), fail() or a fault found here
        const char *fault = nullptr; // "protocol_..." or fail()'s kind; nullptr for a close handshake or a drop
        QByteArray reason;
    };

    // What happens to a connection, called from its socket's events (or from open(), close(),
    // fail() and checkDeadline() when they end it at once). A callback may close or reopen c.
    class Listener
    {
    public:
        virtual void connectionOpened(ClientConnection *c) = 0;
        // Never opened. kind names why, as counted after "connect_": "refused", "http_503", ...
        virtual void connectionFailed(ClientConnection *c, const QByteArray &kind) = 0;
        virtual void messageReceived(ClientConnection *c, bool text, const char *data, qsizetype size) = 0;
        virtual void pongReceived(ClientConnection *c, const char *data, qsizetype size) = 0;
        virtual void connectionClosed(ClientConnection *c, const CloseInfo &info) = 0;

    protected:
        ~Listener() = default;
    };

    static constexpr qint64 kCloseGraceNs = 2'000'000'000; // for the server to end the TCP connection

    ClientConnection(ClientContext *context, Listener *listener, quint32 tag, quint64 maxMessageBytes);
    ~ClientConnection();
    ClientConnection(const ClientConnection &) = delete;
    ClientConnection &operator=(const ClientConnection &) = delete;

    quint32 tag() const { return m_tag; } // the owner's index for it
    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }

    // Starts connecting (state Closed only). target and request must outlive the handshake; source may be null.
    // A handshake not done by deadlineNs fails as "handshake_timeout".
    void open(const ConnectTarget &target, const sockaddr_storage *source, socklen_t sourceLength,
              const Handshake::Request *request, qint64 deadlineNs);
    // Data frames and pings; false unless open.
    bool send(bool text, const char *data, qsizetype size);
    bool ping(const char *data, qsizetype size, qint64 nowNs);
    // Starts the close handshake; connectionClosed() follows when the server ends it (or after kCloseGraceNs).
    void close(int code, const QByteArray &reason);
    // Ends the connection now: sends a close frame with code if open (connectionClosed with
    // fault = kind), or fails a connect in progress (connectionFailed with kind).
    void fail(const char *kind, int code);
    void checkDeadline(qint64 nowNs);
    // When the oldest ping still unanswered was sent; 0 when none is.
    qint64 unansweredPingSinceNs() const { return m_pingSentNs; }
    qsizetype bufferedBytes() const { return m_backlog.size(); }
    // For the Listener's calls: when the bytes being handed on reached this machine (steady clock
    // ns): the kernel's receive time of their last segment (SO_TIMESTAMPNS) on ws://, so time the
    // loop spent elsewhere or batching (EpollEventDispatcher::setBatchDelay) is not the server's;
    // the time of reading on wss://, where OpenSSL does the reading.
    qint64 arrivalNs() const { return m_arrivalNs; }

    // Frames sent while a Cork lives go out in one write() when it ends.
    class Cork
    {
    public:
        explicit Cork(ClientConnection *c);
        ~Cork();
        Cork(const Cork &) = delete;
        Cork &operator=(const Cork &) = delete;

    private:
        ClientConnection *m_connection;
        bool m_outermost; // a Cork inside another one (a callback during a read) leaves the writing to it
    };

private:
    friend class ClientContext;

    void socketReady(quint32 events) override;
    bool messageReceived(bool text, const char *data, qsizetype size) override;
    bool pingReceived(const char *data, qsizetype size) override;
    bool pongReceived(const char *data, qsizetype size) override;
    void closeReceived(int code, const char *reason, qsizetype size) override;
    void faultFound(FrameParser::Fault fault) override;

    void connected();
    void tlsHandshake();
    void startUpgrade();
    void readSome();
    qsizetype readPlain(char *buffer); // recvmsg() with the arrival time; < 0 with errno
    void received(const char *data, qsizetype size);
    void handshakeBytes(const char *data, qsizetype size);
    void peerGone();
    void appendFrame(int opcode, const char *data, qsizetype size);
    void writeCork();
    void writeOut(const char *data, qsizetype size);
    void writeBacklog();
    void watch(quint32 events);
    void closeSocket();
    void finish(CloseInfo info);
    void failConnect(const QByteArray &kind);

    ClientContext *const m_context;
    Listener *const m_listener;
    FrameParser m_parser;
    std::unique_ptr<TlsSession> m_tls;
    const Handshake::Request *m_request = nullptr;
    QByteArray m_key; // while upgrading
    QByteArray m_handshake; // the answer to the upgrade so far
    QByteArray m_backlog; // bytes the kernel has not taken yet
    CloseInfo m_closeInfo; // while closing
    qint64 m_deadlineNs = 0; // of the handshake or the close; 0 when open
    qint64 m_pingSentNs = 0;
    qint64 m_arrivalNs = 0;
    const ConnectTarget *m_target = nullptr; // while connecting (TLS needs its host)
    const quint32 m_tag;
    quint32 m_session = 0; // one per open(): tells a callback's caller the connection was ended or reopened
    int m_fd = -1;
    State m_state = State::Closed;
    bool m_writeFailed = false;
};
