#pragma once

#include <scenarioprogram.h>
#include "loadshard.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

// Everything one load run needs. The CLI fills it from flags, the console from its panel.
struct LoadConfig
{
    enum class Scenario { Echo, Broadcast, Idle };

    QUrl url = QUrl(QStringLiteral("ws://127.0.0.1:8080/ws"));
    QList<QPair<QByteArray, QByteArray>> headers;
    QString subprotocol;
    QString origin;
    bool insecureTls = false;
    QList<QHostAddress> sourceAddresses; // local addresses to spread connections over; empty = the kernel's choice

    Scenario scenario = Scenario::Echo;
    int connections = 100;
    double rampPerSec = 0; // 0 = open them all at once
    int threads = 0; // 0 = one per core
    int window = 1; // closed loop: messages in flight per connection (echo, when rate == 0)
    double ratePerSec = 0; // open loop: messages per second in total; broadcast: publishes per second
    int publishers = 1; // broadcast
    double churnPerSec = 0; // connections closed and reopened per second, on top of the scenario
    double pingIntervalSec = 5; // client pings per connection, every scenario (idle: their round trips are the latency); 0 = none
    double pingTimeoutSec = 0; // an unanswered ping this old closes the connection (heartbeat_timeout); 0 = 2 x interval
    double handshakeTimeoutSec = 10; // connect + TLS + upgrade
    bool reconnect = false; // after a drop (1001, 1006, 1011-1013, heartbeat timeout) or a failed connect
    int reconnectRetries = 3; // attempts per drop before giving up
    double reconnectBackoffMinSec = 0.5; // attempt k waits a random time in [1/2, 1] x min x 2^(k-1), at most max
    double reconnectBackoffMaxSec = 30;
    int sizeBytes = 64;
    bool binary = false;
    double durationSec = 10;

    // A scenario file instead of the built-in scenario: compiled once, shared read-only by every load thread.
    QString scenarioFile;
    std::shared_ptr<const ScenarioProgram> scenarioProgram;

    QUrl scrapeUrl; // the target's Prometheus /metrics, read once a second
    qint64 watchPid = 0; // the target's process, read from /proc once a second

    LoadShard shard; // --shard K/N: connections, publishers stay global numbers; this agent runs its part

    int effectiveThreads() const;
    // This agent's connections: all of them, or its shard's.
    int localConnections() const { return shard.localCount(connections); }
    double effectivePingTimeoutSec() const { return pingTimeoutSec > 0 ? pingTimeoutSec : 2 * pingIntervalSec; }
    bool isOpenLoop() const { return ratePerSec > 0; }
    // Empty when runnable; otherwise one line per problem.
    QStringList validate() const;

    // "127.0.0.1-127.0.0.9,127.0.1.1" -> the addresses; false with *error for anything else.
    static bool parseSourceAddresses(const QString &text, QList<QHostAddress> *out, QString *error);
    static QString scenarioName(Scenario s);
    static bool scenarioFromName(const QString &name, Scenario *s);
};
