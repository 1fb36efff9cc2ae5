#include "servercommandline.h"

#include <commandlinenumbers.h>

#include <QCommandLineParser>

ServerCommandLine::Outcome ServerCommandLine::parse(const QStringList &arguments, ServerCommandLine *out,
                                                    QString *message)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "SocketScope's WebSocket server: /ws echo, /broadcast pub/sub fan-out, GET /metrics (Prometheus), "
        "GET /healthz, on one address. Stops gracefully (close 1001) on SIGINT/SIGTERM."));
    const ServerConfig d;
    auto opt = [](const char *name, const QString &help, const QString &valueName, const QString &def) {
        return QCommandLineOption(QString::fromLatin1(name), def.isEmpty() ? help : help + QStringLiteral(" [default: %1]").arg(def),
                                  valueName);
    };
    parser.addHelpOption();
    parser.addOptions({
        opt("listen", QStringLiteral("Address to listen on (IPv4 or IPv6)."), QStringLiteral("addr"), d.address.toString()),
        opt("port", QStringLiteral("TCP port; 0 lets the OS choose."), QStringLiteral("n"), QString::number(d.port)),
        opt("workers", QStringLiteral("Worker threads (sub-reactors); 0 = one per core."), QStringLiteral("n"), QStringLiteral("0")),
        opt("backlog", QStringLiteral("Listen backlog; Qt's default of 50 drops SYNs in connection bursts."), QStringLiteral("n"), QString::number(d.backlog)),
        opt("ping-interval", QStringLiteral("Seconds between server pings; 0 disables heartbeats."), QStringLiteral("sec"), QString::number(d.pingIntervalSec)),
        opt("ping-timeout", QStringLiteral("Seconds of silence before a connection is dropped."), QStringLiteral("sec"), QStringLiteral("2 x ping interval")),
        opt("handshake-timeout", QStringLiteral("Milliseconds a client may take to send its request."), QStringLiteral("ms"), QString::number(d.handshakeTimeoutMs)),
        opt("max-connections", QStringLiteral("Open connections allowed; more are refused with HTTP 503."), QStringLiteral("n"), QString::number(d.maxConnections)),
        opt("max-message-bytes", QStringLiteral("Largest message accepted; larger ones are closed with 1009."), QStringLiteral("n"), QString::number(d.maxMessageBytes)),
        opt("max-pending-bytes", QStringLiteral("Unsent bytes allowed per client before it counts as a slow consumer."), QStringLiteral("n"), QString::number(d.maxPendingBytesPerClient)),
        opt("allowed-origins", QStringLiteral("Comma-separated Origin values browsers may connect from; empty = any."), QStringLiteral("list"), QString()),
        opt("token", QStringLiteral("Require 'Authorization: Bearer TOKEN' or '?token=TOKEN' on upgrades."), QStringLiteral("token"), QString()),
        opt("metrics-token", QStringLiteral("Require 'Authorization: Bearer TOKEN' or '?token=TOKEN' on /metrics and /healthz "
                                            "(open to anyone without it, even with --token)."),
            QStringLiteral("token"), QString()),
        opt("tls-cert", QStringLiteral("PEM certificate: serve wss:// and https://."), QStringLiteral("file"), QString()),
        opt("tls-key", QStringLiteral("PEM private key for --tls-cert."), QStringLiteral("file"), QString()),
        opt("metrics-port", QStringLiteral("Also serve /metrics and /healthz of this process alone on this port of the listen address "
                                           "(each member of a --reuseport group can be scraped on its own)."), QStringLiteral("n"), QString()),
        opt("broadcast-bus", QStringLiteral("Share broadcasts with the other processes of a group over a Redis pub/sub channel: "
                                            "redis://HOST:PORT/CHANNEL."), QStringLiteral("url"), QString()),
        opt("bus-queue", QStringLiteral("Broadcasts waiting for the bus before more are dropped (and counted)."), QStringLiteral("n"), QString::number(d.busMaxQueued)),
        opt("duration", QStringLiteral("Stop by itself after this many seconds; 0 = run until signalled."), QStringLiteral("sec"), QStringLiteral("0")),
    });
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print one JSON sample per second on stdout.")));
    parser.addOption(QCommandLineOption(QStringLiteral("reuseport"),
                                        QStringLiteral("Listen with SO_REUSEPORT, so several processes share the port and the "
                                                       "kernel spreads connections over them; a process at --max-connections "
                                                       "leaves the port's group until it is below 95 % of it.")));
    parser.addOption(QCommandLineOption(QStringLiteral("no-frame-guard"),
                                        QStringLiteral("Hand frames to QtWebSockets unchecked (to measure what the guard costs; "
                                                       "then unmasked frames pass and split UTF-8 is refused).")));

    if (!parser.parse(arguments)) {
        *message = parser.errorText();
        return Outcome::UsageError;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        *message = parser.helpText();
        return Outcome::ShowHelp;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *message = QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first());
        return Outcome::UsageError;
    }

    ServerCommandLine cli;
    ServerConfig &c = cli.config;
    QString error;
    if (parser.isSet(QStringLiteral("listen")) && !c.address.setAddress(parser.value(QStringLiteral("listen"))))
        error = QStringLiteral("--listen expects an IP address, got \"%1\"").arg(parser.value(QStringLiteral("listen")));
    CommandLineNumbers numbers(parser, &error);
    numbers.read(QStringLiteral("port"), &c.port, 0, 65535);
    numbers.read(QStringLiteral("workers"), &c.workers, 0, 256);
    numbers.read(QStringLiteral("backlog"), &c.backlog, 1, 1 << 20);
    numbers.read(QStringLiteral("ping-interval"), &c.pingIntervalSec, 0, 86400);
    numbers.read(QStringLiteral("ping-timeout"), &c.pingTimeoutSec, 0.001, 172800);
    numbers.read(QStringLiteral("handshake-timeout"), &c.handshakeTimeoutMs, 1, 3600000);
    numbers.read(QStringLiteral("max-connections"), &c.maxConnections, 1, 100000000);
    numbers.read(QStringLiteral("max-message-bytes"), &c.maxMessageBytes, 1, double(1LL << 31));
    numbers.read(QStringLiteral("max-pending-bytes"), &c.maxPendingBytesPerClient, 1024, double(1LL << 40));
    numbers.read(QStringLiteral("duration"), &cli.durationSec, 0, 1e9);
    numbers.read(QStringLiteral("metrics-port"), &c.metricsPort, 0, 65535);
    numbers.read(QStringLiteral("bus-queue"), &c.busMaxQueued, 1, 10000000);
    if (!error.isEmpty()) {
        *message = error;
        return Outcome::UsageError;
    }
    if (parser.isSet(QStringLiteral("allowed-origins")))
        c.allowedOrigins = parser.value(QStringLiteral("allowed-origins")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    c.token = parser.value(QStringLiteral("token"));
    c.metricsToken = parser.value(QStringLiteral("metrics-token"));
    c.tlsCertPath = parser.value(QStringLiteral("tls-cert"));
    c.tlsKeyPath = parser.value(QStringLiteral("tls-key"));
    cli.jsonSamples = parser.isSet(QStringLiteral("json"));
    c.frameGuard = !parser.isSet(QStringLiteral("no-frame-guard"));
    c.reusePort = parser.isSet(QStringLiteral("reuseport"));
    if (parser.isSet(QStringLiteral("broadcast-bus")))
        c.broadcastBus = QUrl(parser.value(QStringLiteral("broadcast-bus")));

    const QStringList problems = c.validate();
    if (!problems.isEmpty()) {
        *message = problems.join(QLatin1String("; "));
        return Outcome::UsageError;
    }
    *out = cli;
    return Outcome::Run;
}
