#include "connecttarget.h"

#include "handshake.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>

socklen_t ConnectTarget::socketAddress(const QHostAddress &address, quint16 port, sockaddr_storage *out)
{
    *out = sockaddr_storage{};
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(out);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        in6->sin6_scope_id = address.scopeId().toUInt();
        return sizeof(sockaddr_in6);
    }
    auto *in4 = reinterpret_cast<sockaddr_in *>(out);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(port);
    in4->sin_addr.s_addr = htonl(address.toIPv4Address());
    return sizeof(sockaddr_in);
}

std::optional<ConnectTarget> ConnectTarget::resolve(const QUrl &url, int family, QString *error)
{
    ConnectTarget target;
    target.tls = url.scheme() == QLatin1String("wss");
    target.host = url.host(QUrl::FullyEncoded).toUtf8();
    const quint16 port = Handshake::port(url);
    const QHostAddress literal(url.host());
    if (!literal.isNull()) {
        target.addressLength = socketAddress(literal, port, &target.address);
        return target;
    }
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const int status = getaddrinfo(target.host.constData(), QByteArray::number(port).constData(), &hints, &found);
    if (status != 0 || !found) {
        *error = QStringLiteral("cannot resolve %1: %2").arg(url.host(), QString::fromLocal8Bit(gai_strerror(status)));
        return std::nullopt;
    }
    const addrinfo *chosen = found;
    for (const addrinfo *a = found; a; a = a->ai_next) {
        if (a->ai_family == family) {
            chosen = a;
            break;
        }
    }
    std::memcpy(&target.address, chosen->ai_addr, chosen->ai_addrlen);
    target.addressLength = socklen_t(chosen->ai_addrlen);
    freeaddrinfo(found);
    return target;
}
