#include "conformancereport.h"
#include "loadcommandline.h"
#include "loadengine.h"
#include "preflight.h"
#include "scenariopreview.h"
#include "summaryreport.h"

#include <eventdispatcherchoice.h>
#include <jsonline.h>
#include <printline.h>
#include <sessionfile.h>
#include <unixsignalwatcher.h>

#include <QCoreApplication>

#include <unistd.h>

namespace {

int runConformance(const LoadCommandLine &cli)
{
    const bool jsonLines = !cli.quiet && (cli.json || !isatty(STDOUT_FILENO));
    FILE *human = jsonLines ? stderr : stdout;
    const QUrl url = cli.config.url;
    ConformanceRunner runner;
    QObject::connect(&runner, &ConformanceRunner::caseFinished, [&](const ConformanceResult &result) {
        if (jsonLines)
            printLine(stdout, JsonLine::fromEvent(ConformanceReport::event(result)));
    });
    int exitCode = 0;
    QObject::connect(&runner, &ConformanceRunner::finished, [&] {
        const Session session = ConformanceReport::session(url, runner.results());
        printLine(human, ConformanceReport::table(url, runner.results()));
        if (jsonLines)
            printLine(stdout, JsonLine::fromSummary(session.summary));
        QString error;
        if (!cli.outPath.isEmpty() && !SessionFile::save(cli.outPath, session, &error)) {
            printLine(stderr, QStringLiteral("socketscope-load: ") + error);
            exitCode = 1;
        } else if (!cli.outPath.isEmpty()) {
            printLine(human, QStringLiteral("Report written to %1").arg(cli.outPath));
        }
        QCoreApplication::exit(exitCode ? exitCode : (runner.failures() > 0 ? 3 : 0));
    });
    runner.run(url, ConformanceCatalogue::cases(url, cli.conformanceMaxMessageBytes),
               cli.config.insecureTls);
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    preferUnixEventDispatcher();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("socketscope-load"));

    LoadCommandLine cli;
    QString message;
    switch (LoadCommandLine::parse(QCoreApplication::arguments(), &cli, &message)) {
    case LoadCommandLine::Outcome::ShowHelp:
        printLine(stdout, message);
        return 0;
    case LoadCommandLine::Outcome::UsageError:
        printLine(stderr, QStringLiteral("socketscope-load: ") + message + QStringLiteral(" (see --help)"));
        return 2;
    case LoadCommandLine::Outcome::ScenarioError:
        printLine(stderr, message);
        return 2;
    case LoadCommandLine::Outcome::Run:
        break;
    }
    if (cli.conformance)
        return runConformance(cli);
    if (cli.dryRun) {
        printLine(stdout, ScenarioPreview::text(*cli.config.scenarioProgram, 0));
        return 0;
    }
    const QStringList problems = Preflight::check(cli.config);
    if (!problems.isEmpty()) {
        for (const QString &p : problems)
            printLine(stderr, QStringLiteral("socketscope-load: ") + p);
        return 2;
    }

    const bool terminal = isatty(STDOUT_FILENO);
    const bool jsonLines = !cli.quiet && (cli.json || !terminal);
    FILE *human = jsonLines ? stderr : stdout;
    const bool progress = isatty(fileno(human));

    LoadEngine engine;
    QObject::connect(&engine, &LoadEngine::sampleReady, [&](const MetricSample &sample) {
        if (jsonLines)
            printLine(stdout, JsonLine::fromSample(sample));
        if (progress) {
            const QByteArray line = "\r\033[K" + SummaryReport::progressLine(sample).toLocal8Bit();
            std::fwrite(line.constData(), 1, size_t(line.size()), human);
            std::fflush(human);
        }
    });
    QObject::connect(&engine, &LoadEngine::eventOccurred, [&](const SessionEvent &event) {
        if (jsonLines)
            printLine(stdout, JsonLine::fromEvent(event));
        if (!event.kind.startsWith(QLatin1String("send_skipped")))
            printLine(stderr, QStringLiteral("[%1s] %2").arg(event.elapsedSec, 0, 'f', 1).arg(event.message));
    });
    int exitCode = 0;
    QObject::connect(&engine, &LoadEngine::finished, &app, [&](const RunSummary &summary) {
        Session session = engine.session();
        bool allPassed = true;
        for (const Threshold &t : cli.thresholds) {
            const bool passed = t.passes(summary);
            allPassed = allPassed && passed;
            const SessionEvent event{summary.durationSec, QStringLiteral("load"), QStringLiteral("threshold"), t.describe(summary)};
            session.events.append(event);
            if (jsonLines)
                printLine(stdout, JsonLine::fromEvent(event));
        }
        if (jsonLines)
            printLine(stdout, JsonLine::fromSummary(session.summary));
        printLine(human, SummaryReport::table(summary, cli.thresholds));
        if (!cli.outPath.isEmpty()) {
            QString error;
            if (SessionFile::save(cli.outPath, session, &error)) {
                printLine(human, QStringLiteral("Session written to %1").arg(cli.outPath));
            } else {
                printLine(stderr, QStringLiteral("socketscope-load: ") + error);
                exitCode = 1;
            }
        }
        if (exitCode == 0 && !allPassed)
            exitCode = 3;
        QCoreApplication::exit(exitCode);
    });
    if (!engine.start(cli.config)) {
        printLine(stderr, QStringLiteral("socketscope-load: ") + engine.errorString());
        return 1;
    }
    UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &engine, &LoadEngine::stop);
    return app.exec();
}
