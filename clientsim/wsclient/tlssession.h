#pragma once

#include <QByteArray>
#include <QString>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

// TLS for one client connection on OpenSSL, over the connection's own non-blocking socket: SNI,
// certificate and host name checked unless insecure, small idle footprint (read and write buffers
// released while idle). Certificate failures are named for the samples ("tls_self_signed", ...).
class TlsSession
{
public:
    enum class Status { Done, WantRead, WantWrite, Closed, Failed };

    // One per load thread, shared by its connections. nullptr with *error on failure.
    static SSL_CTX *createContext(bool insecure, QString *error);
    static void freeContext(SSL_CTX *context);

    TlsSession(SSL_CTX *context, int fd, const QByteArray &host);
    ~TlsSession();
    TlsSession(const TlsSession &) = delete;
    TlsSession &operator=(const TlsSession &) = delete;

    Status handshake();
    // Bytes read or written (> 0) when *status is Done.
    qsizetype read(char *buffer, qsizetype size, Status *status);
    qsizetype write(const char *data, qsizetype size, Status *status);
    // Decrypted bytes OpenSSL holds that the socket will not signal again.
    bool hasPending() const;
    // Why the handshake failed, after "connect_": "tls_self_signed", "tls_hostname_mismatch", ...
    QByteArray failureKind() const;

private:
    Status statusOf(int result);

    SSL *m_ssl = nullptr;
    bool m_verifyFailed = false;
};
