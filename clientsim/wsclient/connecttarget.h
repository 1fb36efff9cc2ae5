#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QUrl>

#include <sys/socket.h>

#include <optional>

// Where a load thread's connections go: the target's address, looked up once per run, and
// whether they speak TLS (with the host name for SNI and the certificate check).
struct ConnectTarget
{
    sockaddr_storage address{};
    socklen_t addressLength = 0;
    bool tls = false;
    QByteArray host;

    // Resolves url's host (a blocking lookup: once, when a load thread starts). With family set
    // (AF_INET, AF_INET6), an address of that family is preferred.
    static std::optional<ConnectTarget> resolve(const QUrl &url, int family, QString *error);
    // address:port as a socket address; port 0 for a source address (the kernel picks the port).
    static socklen_t socketAddress(const QHostAddress &address, quint16 port, sockaddr_storage *out);
};
