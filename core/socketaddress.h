#pragma once

#include <QHostAddress>

#include <sys/socket.h>

// The sockaddr for an address and port (IPv4 or IPv6 with its scope), for the system calls the
// project makes itself (bind, connect, listen); returns its length. Port 0 for a source address
// (the kernel picks the port).
socklen_t socketAddress(const QHostAddress &address, quint16 port, sockaddr_storage *out);
