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

    // Resolves url's host (a blocking lookup: once, when a load thread starts). An address of family
    // (AF_INET6, AF_INET) is preferred; for AF_UNSPEC an IPv4 one, as servers listen on 127.0.0.1 or
    // 0.0.0.0 more often than on ::1 ("localhost" has both).
    static std::optional<ConnectTarget> resolve(const QUrl &url, int family, QString *error);
};
