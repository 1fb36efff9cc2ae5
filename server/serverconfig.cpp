#include "serverconfig.h"

#include "fanout/redisbus.h"

#include <QFileInfo>
#include <QThread>

int ServerConfig::effectiveWorkers() const
{
    return workers > 0 ? workers : qMax(1, QThread::idealThreadCount());
}

QStringList ServerConfig::validate() const
{
    QStringList problems;
    if (address.isNull())
        problems << QStringLiteral("listen address is not an IP address");
    if (workers < 0 || workers > 256)
        problems << QStringLiteral("workers must be between 1 and 256 (0 = one per core)");
    if (backlog < 1)
        problems << QStringLiteral("backlog must be at least 1");
    if (pingIntervalSec < 0)
        problems << QStringLiteral("ping interval must not be negative");
    if (pingTimeoutSec < 0)
        problems << QStringLiteral("ping timeout must not be negative");
    else if (pingIntervalSec > 0 && pingTimeoutSec > 0 && pingTimeoutSec <= pingIntervalSec)
        problems << QStringLiteral("ping timeout must be longer than the ping interval");
    if (handshakeTimeoutMs < 1)
        problems << QStringLiteral("handshake timeout must be at least 1 ms");
    if (maxConnections < 1)
        problems << QStringLiteral("max connections must be at least 1");
    if (maxMessageBytes < 1)
        problems << QStringLiteral("max message size must be at least 1 byte");
    if (maxPendingBytesPerClient < 1024)
        problems << QStringLiteral("max pending bytes per client must be at least 1024");
    if (tlsCertPath.isEmpty() != tlsKeyPath.isEmpty())
        problems << QStringLiteral("TLS needs both a certificate and a key");
    for (const QString &path : {tlsCertPath, tlsKeyPath}) {
        if (!path.isEmpty() && !QFileInfo(path).isReadable())
            problems << QStringLiteral("cannot read %1").arg(path);
    }
    if (metricsPort > 65535)
        problems << QStringLiteral("metrics port must be between 0 and 65535");
    if (metricsPort > 0 && metricsPort == port)
        problems << QStringLiteral("metrics port must differ from the listening port");
    if (!broadcastBus.isEmpty()) {
        QString host, error;
        quint16 busPort = 0;
        QByteArray channel;
        if (!RedisBus::parseUrl(broadcastBus, &host, &busPort, &channel, &error))
            problems << error;
    }
    if (busMaxQueued < 1)
        problems << QStringLiteral("the bus queue must hold at least 1 broadcast");
    return problems;
}
