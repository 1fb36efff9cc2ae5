#pragma once

#include <QHostAddress>

#include <sys/socket.h>

// Spreads connections over local addresses (127.0.0.1, 127.0.0.2, ...) so one load process can open
// more than the ~28k connections one source address has ephemeral ports for.
// QWebSocket 6.4 creates and connects its socket inside open() with no way to bind it first, so this
// wraps the C library's connect() for the process: while a binder is alive on a thread, a connect()
// on that thread first binds the socket to the address (IP_BIND_ADDRESS_NO_PORT: the kernel still
// picks the port at connect time, per 4-tuple). Qt connects an IP-literal URL synchronously inside
// open(), so the binder covers exactly that call; LoadConfig::validate() refuses host names.
class SourceAddressBinder
{
public:
    explicit SourceAddressBinder(const QHostAddress &address);
    ~SourceAddressBinder();
    SourceAddressBinder(const SourceAddressBinder &) = delete;
    SourceAddressBinder &operator=(const SourceAddressBinder &) = delete;

    // Total binds that failed (address not local, family mismatch): the connect goes ahead unbound.
    static quint64 failedBinds();

    const sockaddr_storage &address() const { return m_address; }
    socklen_t addressLength() const { return m_length; }

private:
    sockaddr_storage m_address{};
    socklen_t m_length = 0;
};
