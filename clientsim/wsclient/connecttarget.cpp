#include "connecttarget.h"

#include "handshake.h"

#include <socketaddress.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>

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
    const int wanted = family == AF_UNSPEC ? AF_INET : family;
    for (const addrinfo *a = found; a; a = a->ai_next) {
        if (a->ai_family == wanted) {
            chosen = a;
            break;
        }
    }
    std::memcpy(&target.address, chosen->ai_addr, chosen->ai_addrlen);
    target.addressLength = socklen_t(chosen->ai_addrlen);
    freeaddrinfo(found);
    return target;
}
