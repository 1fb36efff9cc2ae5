#include "tlssession.h"

#include <QHostAddress>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

SSL_CTX *TlsSession::createContext(bool insecure, QString *error)
{
    SSL_CTX *context = SSL_CTX_new(TLS_client_method());
    if (!context) {
        *error = QStringLiteral("cannot create a TLS context: %1").arg(QString::fromLatin1(ERR_error_string(ERR_get_error(), nullptr)));
        return nullptr;
    }
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    // Partial writes and a moving buffer let a connection keep unsent bytes in its own backlog.
    SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
    if (insecure) {
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);
    } else {
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
        SSL_CTX_set_default_verify_paths(context);
    }
    return context;
}

void TlsSession::freeContext(SSL_CTX *context)
{
    SSL_CTX_free(context);
}

TlsSession::TlsSession(SSL_CTX *context, int fd, const QByteArray &host)
    : m_ssl(SSL_new(context))
{
    SSL_set_fd(m_ssl, fd);
    SSL_set_connect_state(m_ssl);
    const bool literal = !QHostAddress(QString::fromLatin1(host)).isNull();
    if (!literal)
        SSL_set_tlsext_host_name(m_ssl, host.constData()); // SNI is for names only (RFC 6066 3)
    if (SSL_get_verify_mode(m_ssl) & SSL_VERIFY_PEER) {
        X509_VERIFY_PARAM *param = SSL_get0_param(m_ssl);
        if (literal)
            X509_VERIFY_PARAM_set1_ip_asc(param, host.constData());
        else
            X509_VERIFY_PARAM_set1_host(param, host.constData(), size_t(host.size()));
    }
}

TlsSession::~TlsSession()
{
    SSL_free(m_ssl);
}

TlsSession::Status TlsSession::statusOf(int result)
{
    switch (SSL_get_error(m_ssl, result)) {
    case SSL_ERROR_NONE: return Status::Done;
    case SSL_ERROR_WANT_READ: return Status::WantRead;
    case SSL_ERROR_WANT_WRITE: return Status::WantWrite;
    case SSL_ERROR_ZERO_RETURN: return Status::Closed;
    default:
        ERR_clear_error(); // the queue is per thread: leave it clean for the next connection
        return Status::Failed;
    }
}

TlsSession::Status TlsSession::handshake()
{
    const int result = SSL_connect(m_ssl);
    if (result == 1)
        return Status::Done;
    const Status status = statusOf(result);
    if (status == Status::Failed || status == Status::Closed)
        m_verifyFailed = SSL_get_verify_result(m_ssl) != X509_V_OK;
    return status == Status::Closed ? Status::Failed : status;
}

qsizetype TlsSession::read(char *buffer, qsizetype size, Status *status)
{
    const int n = SSL_read(m_ssl, buffer, int(qMin<qsizetype>(size, 1 << 30)));
    *status = n > 0 ? Status::Done : statusOf(n);
    return qMax(0, n);
}

qsizetype TlsSession::write(const char *data, qsizetype size, Status *status)
{
    const int n = SSL_write(m_ssl, data, int(qMin<qsizetype>(size, 1 << 30)));
    *status = n > 0 ? Status::Done : statusOf(n);
    return qMax(0, n);
}

bool TlsSession::hasPending() const
{
    return SSL_pending(m_ssl) > 0;
}

QByteArray TlsSession::failureKind() const
{
    if (!m_verifyFailed)
        return "tls_handshake";
    switch (SSL_get_verify_result(m_ssl)) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        return "tls_self_signed";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return "tls_hostname_mismatch";
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return "tls_expired";
    default:
        return "tls_untrusted";
    }
}
