#include "loadconfig.h"

#include "messagecodec.h"

#include <QThread>

int LoadConfig::effectiveThreads() const
{
    const int wanted = threads > 0 ? threads : qMax(1, QThread::idealThreadCount());
    return qMax(1, qMin(wanted, localConnections()));
}

bool LoadConfig::parseSourceAddresses(const QString &text, QList<QHostAddress> *out, QString *error)
{
    constexpr int kMaxAddresses = 1024;
    QList<QHostAddress> addresses;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList ends = part.trimmed().split(QLatin1Char('-'));
        QHostAddress first(ends.first().trimmed());
        QHostAddress last(ends.last().trimmed());
        if (ends.size() > 2 || first.isNull() || last.isNull()) {
            *error = QStringLiteral("--source-addresses expects addresses or IPv4 ranges like 127.0.0.1-127.0.0.9, got \"%1\"").arg(part);
            return false;
        }
        if (ends.size() == 1) {
            addresses << first;
            continue;
        }
        if (first.protocol() != QAbstractSocket::IPv4Protocol || last.protocol() != QAbstractSocket::IPv4Protocol
            || last.toIPv4Address() < first.toIPv4Address()) {
            *error = QStringLiteral("--source-addresses: \"%1\" is not an ascending IPv4 range").arg(part);
            return false;
        }
        for (quint64 a = first.toIPv4Address(); a <= last.toIPv4Address() && addresses.size() <= kMaxAddresses; ++a)
            addresses << QHostAddress(quint32(a));
    }
    if (addresses.isEmpty() || addresses.size() > kMaxAddresses) {
        *error = QStringLiteral("--source-addresses needs between 1 and %1 addresses").arg(kMaxAddresses);
        return false;
    }
    *out = addresses;
    return true;
}

QString LoadConfig::scenarioName(Scenario s)
{
    switch (s) {
    case Scenario::Echo: return QStringLiteral("echo");
    case Scenario::Broadcast: return QStringLiteral("broadcast");
    case Scenario::Idle: return QStringLiteral("idle");
    }
    return QString();
}

bool LoadConfig::scenarioFromName(const QString &name, Scenario *s)
{
    for (Scenario candidate : {Scenario::Echo, Scenario::Broadcast, Scenario::Idle}) {
        if (scenarioName(candidate) == name) {
            *s = candidate;
            return true;
        }
    }
    return false;
}

QStringList LoadConfig::validate() const
{
    QStringList problems;
    if (!url.isValid() || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")) || url.host().isEmpty())
        problems << QStringLiteral("target must be a ws:// or wss:// URL, got \"%1\"").arg(url.toString());
    if (!sourceAddresses.isEmpty() && QHostAddress(url.host()).isNull())
        problems << QStringLiteral("--source-addresses needs an IP address in the URL, not the name \"%1\" "
                                   "(the source addresses must be of the target's IP version)").arg(url.host());
    for (const QHostAddress &a : sourceAddresses) {
        if (!QHostAddress(url.host()).isNull() && a.protocol() != QHostAddress(url.host()).protocol()) {
            problems << QStringLiteral("source address %1 is not of the target's IP version").arg(a.toString());
            break;
        }
    }
    if (connections < 1 || connections > 10000000)
        problems << QStringLiteral("connections must be between 1 and 10,000,000");
    else if (localConnections() < 1)
        problems << QStringLiteral("--shard %1 leaves this agent none of the %2 connections").arg(shard.text()).arg(connections);
    if (rampPerSec < 0)
        problems << QStringLiteral("ramp must not be negative");
    if (threads < 0 || threads > 256)
        problems << QStringLiteral("threads must be between 1 and 256 (0 = one per core)");
    if (window < 1 || window > 100000)
        problems << QStringLiteral("window must be between 1 and 100,000");
    if (ratePerSec < 0)
        problems << QStringLiteral("rate must not be negative");
    if (scenario == Scenario::Broadcast) {
        if (ratePerSec <= 0)
            problems << QStringLiteral("broadcast needs --rate (publishes per second in total)");
        if (publishers < 1 || publishers > connections)
            problems << QStringLiteral("publishers must be between 1 and the number of connections");
    }
    if (churnPerSec < 0)
        problems << QStringLiteral("churn must not be negative");
    if (pingIntervalSec < 0 || pingTimeoutSec < 0)
        problems << QStringLiteral("ping interval and timeout must not be negative");
    if (handshakeTimeoutSec <= 0)
        problems << QStringLiteral("handshake timeout must be positive");
    if (reconnectRetries < 0)
        problems << QStringLiteral("reconnect retries must not be negative");
    if (reconnectBackoffMinSec <= 0 || reconnectBackoffMaxSec < reconnectBackoffMinSec)
        problems << QStringLiteral("reconnect backoff must be MIN..MAX with 0 < MIN <= MAX");
    const int header = MessageCodec::headerBytes(binary);
    if (sizeBytes < header || sizeBytes > (64 << 20))
        problems << QStringLiteral("size must be between %1 (the sequence number and timestamp each %2 message carries) and 64 MiB")
                        .arg(header)
                        .arg(binary ? QStringLiteral("binary") : QStringLiteral("text"));
    if (durationSec <= 0)
        problems << QStringLiteral("duration must be positive");
    if (!scrapeUrl.isEmpty() && (!scrapeUrl.isValid() || !scrapeUrl.scheme().startsWith(QLatin1String("http"))))
        problems << QStringLiteral("scrape URL must be http:// or https://");
    if (watchPid < 0)
        problems << QStringLiteral("pid must be positive");
    if (scenarioProgram) {
        const QString rows = scenarioProgram->checkConnections(connections);
        if (!rows.isEmpty())
            problems << rows;
    }
    return problems;
}
