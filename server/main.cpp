#include "serverengine.h"
#include "servercommandline.h"

#include <eventdispatcherchoice.h>
#include <jsonline.h>
#include <openfilelimit.h>
#include <printline.h>
#include <serverevents.h>
#include <unixsignalwatcher.h>

#include <QCoreApplication>
#include <QTimer>

#include <csignal>


int main(int argc, char *argv[])
{
    preferUnixEventDispatcher();
    raiseOpenFileLimit();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("socketscope-server"));

    ServerCommandLine cli;
    QString message;
    switch (ServerCommandLine::parse(QCoreApplication::arguments(), &cli, &message)) {
    case ServerCommandLine::Outcome::ShowHelp:
        printLine(stdout, message.toLocal8Bit());
        return 0;
    case ServerCommandLine::Outcome::UsageError:
        printLine(stderr, "socketscope-server: " + message.toLocal8Bit() + " (see --help)");
        return 2;
    case ServerCommandLine::Outcome::Run:
        break;
    }

    ServerEngine engine;
    ServerEvents events; // heartbeat drops, refusals, abnormal closes: what moved since the last sample
    if (cli.jsonSamples) {
        QObject::connect(&engine, &ServerEngine::sampleReady, [&events](const MetricSample &sample) {
            printLine(stdout, JsonLine::fromSample(sample));
            for (const SessionEvent &event : events.next(sample))
                printLine(stdout, JsonLine::fromEvent(event));
        });
    }
    QObject::connect(&engine, &ServerEngine::eventOccurred, [&cli](const SessionEvent &event) {
        printLine(stderr, QStringLiteral("socketscope-server: %1").arg(event.message).toLocal8Bit());
        if (cli.jsonSamples)
            printLine(stdout, JsonLine::fromEvent(event));
    });
    QObject::connect(&engine, &ServerEngine::stopped, &app, [] { QCoreApplication::exit(0); });
    if (!engine.start(cli.config)) {
        printLine(stderr, "socketscope-server: " + engine.errorString().toLocal8Bit());
        return 1;
    }
    const QString scheme = cli.config.tlsEnabled() ? QStringLiteral("wss") : QStringLiteral("ws");
    QString host = cli.config.address.toString();
    if (cli.config.address.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    const QString base = QStringLiteral("%1:%2").arg(host).arg(engine.serverPort());
    printLine(stderr, QStringLiteral("socketscope-server listening on %1://%2/ws (echo), %1://%2/broadcast, "
                                     "http%3://%2/metrics with %4 workers")
                          .arg(scheme, base, cli.config.tlsEnabled() ? QStringLiteral("s") : QString())
                          .arg(cli.config.effectiveWorkers())
                          .toLocal8Bit());
    if (cli.jsonSamples) {
        // The console reads its URLs from here (it starts the server on port 0).
        const QString http = cli.config.tlsEnabled() ? QStringLiteral("https") : QStringLiteral("http");
        const QString ws = scheme + QStringLiteral("://") + base;
        QJsonObject urls;
        urls.insert(QStringLiteral("echo"), QString(ws + QStringLiteral("/ws")));
        urls.insert(QStringLiteral("broadcast"), QString(ws + QStringLiteral("/broadcast")));
        urls.insert(QStringLiteral("metrics"), QString(http + QStringLiteral("://") + base + QStringLiteral("/metrics")));
        urls.insert(QStringLiteral("pid"), QCoreApplication::applicationPid());
        if (engine.metricsPort()) // this process alone, even when the port above is shared
            urls.insert(QStringLiteral("processMetrics"),
                        QStringLiteral("%1://%2:%3/metrics").arg(http, host).arg(engine.metricsPort()));
        printLine(stdout, JsonLine::fromReady(urls));
    }

    // SIGHUP is a restart (a supervisor starts the process again): clients get 1012 and come back.
    UnixSignalWatcher signalWatcher({SIGINT, SIGTERM, SIGHUP});
    auto stopGracefully = [&engine](int closeCode) {
        engine.stop(closeCode);
        // Graceful close waits at most ~2 s for peers; never hang past the 5 s promise.
        QTimer::singleShot(4500, [] { QCoreApplication::exit(0); });
    };
    // SIGHUP is a restart (a supervisor starts the process again): clients get 1012 and come back.
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &app,
                     [&](int signalNumber) { stopGracefully(signalNumber == SIGHUP ? 1012 : 1001); });
    if (cli.durationSec > 0)
        QTimer::singleShot(int(cli.durationSec * 1000), &app, [&] { stopGracefully(1001); });
    return app.exec();
}
