#include "sourceaddressbinder.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <cstring>

namespace {

thread_local const SourceAddressBinder *t_binding = nullptr;
std::atomic<quint64> g_failedBinds{0};

using ConnectFunction = int (*)(int, const sockaddr *, socklen_t);

ConnectFunction libcConnect()
{
    static const auto real = reinterpret_cast<ConnectFunction>(dlsym(RTLD_NEXT, "connect"));
    return real;
}

bool isUnbound(int fd)
{
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&local), &length) != 0)
        return false;
    if (local.ss_family == AF_INET)
        return reinterpret_cast<const sockaddr_in &>(local).sin_port == 0;
    if (local.ss_family == AF_INET6)
        return reinterpret_cast<const sockaddr_in6 &>(local).sin6_port == 0;
    return false;
}

void bindFirst(int fd, const sockaddr *target)
{
    const SourceAddressBinder *b = t_binding;
    if (!b || target->sa_family != b->address().ss_family || !isUnbound(fd))
        return;
    const int one = 1;
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    if (bind(fd, reinterpret_cast<const sockaddr *>(&b->address()), b->addressLength()) != 0)
        g_failedBinds.fetch_add(1, std::memory_order_relaxed);
}

} // namespace

// Every connect() of the process comes through here; without a binder on the thread it is libc's.
extern "C" int connect(int fd, const sockaddr *address, socklen_t length)
{
    if (t_binding)
        bindFirst(fd, address);
    return libcConnect()(fd, address, length);
}

SourceAddressBinder::SourceAddressBinder(const QHostAddress &address)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto &in6 = reinterpret_cast<sockaddr_in6 &>(m_address);
        in6.sin6_family = AF_INET6;
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6.sin6_addr, bytes.c, sizeof bytes.c);
        m_length = sizeof in6;
    } else {
        auto &in4 = reinterpret_cast<sockaddr_in &>(m_address);
        in4.sin_family = AF_INET;
        in4.sin_addr.s_addr = htonl(address.toIPv4Address());
        m_length = sizeof in4;
    }
    t_binding = this;
}

SourceAddressBinder::~SourceAddressBinder()
{
    t_binding = nullptr;
}

quint64 SourceAddressBinder::failedBinds()
{
    return g_failedBinds.load(std::memory_order_relaxed);
}
