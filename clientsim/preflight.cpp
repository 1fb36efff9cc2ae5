#include "preflight.h"

#include <QFile>

#include <openfilelimit.h>

namespace {
constexpr rlim_t kSpareDescriptors = 64; // stdio, eventfds, pipes, the scrape socket
}

int Preflight::ephemeralPortCount()
{
    QFile range(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
    if (!range.open(QIODevice::ReadOnly))
        return 28232; // Linux's default range, 32768-60999
    const QList<QByteArray> bounds = range.readAll().simplified().split(' ');
    return bounds.size() == 2 ? bounds[1].toInt() - bounds[0].toInt() + 1 : 28232;
}

QStringList Preflight::check(const LoadConfig &config)
{
    QStringList problems;
    const rlim_t openFiles = raiseOpenFileLimit();
    if (openFiles > 0) {
        const rlim_t needed = rlim_t(config.localConnections()) + kSpareDescriptors;
        if (openFiles < needed) {
            problems << QStringLiteral("%1 connections need about %2 open files, but this process may open %3 "
                                       "(hard limit). Raise it (ulimit -Hn %2 as root, LimitNOFILE= for a service, "
                                       "nofile in /etc/security/limits.conf), or use --connections %4 per process "
                                       "and run several processes.")
                            .arg(config.localConnections())
                            .arg(quint64(needed))
                            .arg(quint64(openFiles))
                            .arg(quint64(openFiles - kSpareDescriptors));
        }
    }
    const int ports = ephemeralPortCount();
    const qint64 sources = qMax<qint64>(1, config.sourceAddresses.size());
    if (config.localConnections() > ports * sources) {
        problems << QStringLiteral("%1 connections from %2 source address(es) need more than the %3 ephemeral ports "
                                   "each has in net.ipv4.ip_local_port_range. Add source addresses "
                                   "(--source-addresses 127.0.0.1-127.0.0.%4 for a loopback target), widen the range "
                                   "(sysctl -w net.ipv4.ip_local_port_range=\"1024 65535\") or split the run over "
                                   "several target addresses.")
                        .arg(config.localConnections())
                        .arg(sources)
                        .arg(ports)
                        .arg((config.localConnections() + ports - 1) / ports);
    }
    return problems;
}
