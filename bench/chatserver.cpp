// The chat protocol server of the tests (tests/support/chatprotocolserver.h) as a process of its own,
// for runs by hand and the scenario benchmark: socketscope-load --scenario-file
// resources/scenarios/chat.yaml against it. Stops by itself after --duration.
//   build/bin/chatserver --port 18800 --users resources/scenarios/users.csv [--tick-ms 500] [--ping-ms 1000]
#include <chatprotocolserver.h>
#include <openfilelimit.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port on 127.0.0.1 [0: any]."), QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption users(QStringLiteral("users"), QStringLiteral("CSV with user and token columns."), QStringLiteral("file"));
    const QCommandLineOption tick(QStringLiteral("tick-ms"), QStringLiteral("Tick push interval [500]."), QStringLiteral("ms"), QStringLiteral("500"));
    const QCommandLineOption ping(QStringLiteral("ping-ms"), QStringLiteral("Application ping interval [1000]."), QStringLiteral("ms"),
                                  QStringLiteral("1000"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Seconds until it stops [60]."), QStringLiteral("s"),
                                      QStringLiteral("60"));
    parser.addOptions({port, users, tick, ping, duration});
    parser.process(app);
    if (!parser.isSet(users)) {
        std::fprintf(stderr, "chatserver: --users FILE is required\n");
        return 2;
    }
    raiseOpenFileLimit();
    ChatProtocolServer server;
    if (!server.start(parser.value(users), parser.value(tick).toInt(), parser.value(ping).toInt(), quint16(parser.value(port).toUInt()))) {
        std::fprintf(stderr, "chatserver: cannot read %s or listen on port %s\n", qPrintable(parser.value(users)),
                     qPrintable(parser.value(port)));
        return 1;
    }
    std::printf("%s\n", server.url().toEncoded().constData());
    std::fflush(stdout);
    QTimer::singleShot(parser.value(duration).toInt() * 1000, &app, &QCoreApplication::quit);
    return app.exec();
}
