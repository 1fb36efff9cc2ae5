#pragma once

#include "loadconfig.h"

#include <QStringList>

// Checks, before any connection opens, that the run fits this machine's limits, and says exactly
// what to change instead of failing halfway with EMFILE or EADDRNOTAVAIL.
class Preflight
{
public:
    // Raises this process's soft RLIMIT_NOFILE to the hard limit, then checks. Empty = fine.
    static QStringList check(const LoadConfig &config);
    static int ephemeralPortCount(); // from /proc/sys/net/ipv4/ip_local_port_range
};
