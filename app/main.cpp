#include "headlessrun.h"
#include "reportcommand.h"

#include <mainwindow.h>
#include <sessionfileactions.h>
#include <pngfile.h>
#include <unixsignalwatcher.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

namespace {

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char *argv[])
{
    // Without a display the console still runs: offscreen, headless, writing files instead of showing them.
    // A report never needs one.
    const bool noDisplay = !hasDisplay() || ReportCommand::isReport(argc, argv);
    if (noDisplay)
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("SocketScope"));
    QCoreApplication::setApplicationName(QStringLiteral("socketscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    if (ReportCommand::isReport(argc, argv))
        return ReportCommand::run(QCoreApplication::arguments());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "SocketScope console: start a WebSocket server and a simulated load, watch live charts, save and compare runs.\n"
        "Without a display (or with --headless) it runs the default session for --duration seconds and writes the "
        "session file and a PNG of the charts.\n"
        "socketscope report SESSION [COMPARE] -o report.html writes the HTML report of saved runs."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("session"), QStringLiteral("Session file to open; a second one is overlaid for comparison."),
                                 QStringLiteral("[session [compare]]"));
    const QCommandLineOption autostart(QStringLiteral("autostart"), QStringLiteral("Start the server and the load at once."));
    const QCommandLineOption headless(QStringLiteral("headless"), QStringLiteral("Run without a window (implied when there is no display)."));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Headless: seconds of load [default: 15]."),
                                      QStringLiteral("sec"), QStringLiteral("15"));
    const QCommandLineOption outDir(QStringLiteral("out-dir"), QStringLiteral("Headless: where to write the session and PNG [default: .]."),
                                    QStringLiteral("dir"), QStringLiteral("."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a PNG of the window after --screenshot-delay seconds, then quit "
                                                       "(how the README's screenshot is made)."),
                                        QStringLiteral("file"));
    const QCommandLineOption screenshotDelay(QStringLiteral("screenshot-delay"), QStringLiteral("Seconds before --screenshot [default: 20]."),
                                             QStringLiteral("sec"), QStringLiteral("20"));
    parser.addOptions({autostart, headless, duration, outDir, screenshot, screenshotDelay});
    if (!parser.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "socketscope: %s (see --help)\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    bool durationOk = false;
    const double durationSec = parser.value(duration).toDouble(&durationOk);
    if (!durationOk || durationSec <= 0 || durationSec > 24 * 3600) {
        std::fprintf(stderr, "socketscope: --duration must be seconds between 0 and 86400 (see --help)\n");
        return 2;
    }

    MainWindow window;
    UnixSignalWatcher signalWatcher;
    const QStringList sessions = parser.positionalArguments();
    if (noDisplay || parser.isSet(headless)) {
        HeadlessRun run(&window, durationSec, parser.value(outDir));
        QObject::connect(&run, &HeadlessRun::finished, &app, [](int code) { QCoreApplication::exit(code); });
        QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &window, &MainWindow::stopAll);
        QTimer::singleShot(0, &run, &HeadlessRun::start);
        return app.exec();
    }
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &window, &QWidget::close);
    window.show();
    if (!sessions.isEmpty() && window.fileActions()->openSession(sessions.first()) && sessions.size() > 1)
        window.fileActions()->compareWith(sessions.at(1));
    if (parser.isSet(autostart))
        QTimer::singleShot(0, &window, &MainWindow::startAll);
    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        QTimer::singleShot(int(parser.value(screenshotDelay).toDouble() * 1000), &window, [&window, path] {
            QString error;
            if (!savePng(window.grab(), path, &error)) {
                std::fprintf(stderr, "socketscope: %s\n", qPrintable(error));
                QCoreApplication::exit(1);
                return;
            }
            std::printf("screenshot: %s\n", qPrintable(path));
            window.setHeadless(true); // no "save this run?" question on the way out
            window.close();
        });
    }
    return app.exec();
}
