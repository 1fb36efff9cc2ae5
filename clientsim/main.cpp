#include "conformancereport.h"
#include "loadcommandline.h"
#include "loadengine.h"
#include "loadmetricsexporter.h"
#include "preflight.h"
#include "scenariopreview.h"
#include "summaryreport.h"

#include <eventdispatcherchoice.h>
#include <jsonline.h>
#include <printline.h>
#include <scrapeendpoint.h>
#include <sessionfile.h>
#include <sessionmerge.h>
#include <stdinclosewatcher.h>
#include <unixsignalwatcher.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QTimer>

#include <memory>

#include <unistd.h>

namespace {

struct Output
{
    bool jsonLines; // JSON lines on stdout
    FILE *human; // the tables and progress: stderr when stdout carries JSON lines or the session
};

Output outputOf(const LoadCommandLine &cli)
{
    const bool jsonLines = !cli.quiet && (cli.json || !isatty(STDOUT_FILENO));
    return {jsonLines, jsonLines || cli.sessionToStdout() ? stderr : stdout};
}

// -o FILE is written atomically; -o - sends the session down stdout instead, so an agent started
// through ssh needs no file copied back: the last JSON line, or the document itself without them.
bool writeSession(const LoadCommandLine &cli, const Session &session, bool jsonLines, FILE *human)
{
    if (cli.outPath.isEmpty())
        return true;
    if (cli.sessionToStdout()) {
        printLine(stdout, jsonLines ? JsonLine::fromSession(session) : QJsonDocument(session.toJson()).toJson());
        return true;
    }
    QString error;
    if (!SessionFile::save(cli.outPath, session, &error)) {
        printLine(stderr, QStringLiteral("socketscope-load: ") + error);
        return false;
    }
    printLine(human, QStringLiteral("Session written to %1").arg(cli.outPath));
    return true;
}

int runConformance(const LoadCommandLine &cli)
{
    const Output output = outputOf(cli);
    const bool jsonLines = output.jsonLines;
    FILE *human = output.human;
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
        if (!writeSession(cli, session, jsonLines, human))
            exitCode = 1;
        QCoreApplication::exit(exitCode ? exitCode : (runner.failures() > 0 ? 3 : 0));
    });
    runner.run(url, ConformanceCatalogue::cases(url, cli.conformanceMaxMessageBytes),
               cli.config.insecureTls);
    return QCoreApplication::exec();
}

// Checks the thresholds (each result an event), prints the summary, writes -o; returns the exit code.
int finishRun(const LoadCommandLine &cli, Session session, const RunSummary &summary, bool jsonLines, FILE *human)
{
    bool allPassed = true;
    for (const Threshold &t : cli.thresholds) {
        allPassed = t.passes(summary) && allPassed;
        const SessionEvent event{summary.durationSec, QStringLiteral("load"), QStringLiteral("threshold"), t.describe(summary)};
        session.events.append(event);
        if (jsonLines)
            printLine(stdout, JsonLine::fromEvent(event));
    }
    if (jsonLines)
        printLine(stdout, JsonLine::fromSummary(session.summary));
    printLine(human, SummaryReport::table(summary, cli.thresholds));
    if (!writeSession(cli, session, jsonLines, human))
        return 1;
    return allPassed ? 0 : 3;
}

// --merge: agents' files in, one session out. Unreadable or mismatched input is bad usage (2).
int runMerge(const LoadCommandLine &cli)
{
    QVector<SessionMerge::Input> inputs;
    QString error;
    for (const QString &path : cli.mergeInputs) {
        auto session = SessionFile::load(path, &error);
        if (!session) {
            printLine(stderr, QStringLiteral("socketscope-load: ") + error);
            return 2;
        }
        inputs.append({path, *session});
    }
    const auto merged = SessionMerge::merge(inputs, &error);
    if (!merged) {
        printLine(stderr, QStringLiteral("socketscope-load: cannot merge: ") + error);
        return 2;
    }
    const Output output = outputOf(cli);
    return finishRun(cli, *merged, RunSummary::fromJson(merged->summary), output.jsonLines, output.human);
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
    if (!cli.mergeInputs.isEmpty())
        return runMerge(cli);
    const QStringList problems = Preflight::check(cli.config);
    if (!problems.isEmpty()) {
        for (const QString &p : problems)
            printLine(stderr, QStringLiteral("socketscope-load: ") + p);
        return 2;
    }

    const Output output = outputOf(cli);
    const bool jsonLines = output.jsonLines;
    FILE *human = output.human;
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
    QObject::connect(&engine, &LoadEngine::finished, &app, [&](const RunSummary &summary) {
        QCoreApplication::exit(finishRun(cli, engine.session(), summary, jsonLines, human));
    });
    LoadMetricsExporter exporter;
    std::unique_ptr<ScrapeEndpoint> metrics;
    if (!cli.metricsAddress.isNull()) {
        QObject::connect(&engine, &LoadEngine::sampleReady, [&](const MetricSample &sample) { exporter.add(sample); });
        metrics = std::make_unique<ScrapeEndpoint>([&](const QByteArray &path) -> std::optional<ScrapeEndpoint::Reply> {
            if (path != "/metrics")
                return std::nullopt;
            return ScrapeEndpoint::Reply{exporter.render(), ScrapeEndpoint::kPrometheusType};
        });
        if (!metrics->listen(cli.metricsAddress, cli.metricsPort)) {
            printLine(stderr, QStringLiteral("socketscope-load: --metrics-listen: ") + metrics->errorString());
            return 1;
        }
    }
    const auto stopGracefully = [&] {
        if (engine.isRunning())
            engine.stop();
        else
            QCoreApplication::exit(1); // still waiting for --start-at
    };
    UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &app, stopGracefully);
    std::unique_ptr<StdinCloseWatcher> stdinWatcher;
    if (cli.stopWhenStdinCloses) {
        stdinWatcher = std::make_unique<StdinCloseWatcher>();
        QObject::connect(stdinWatcher.get(), &StdinCloseWatcher::closed, &app, stopGracefully);
    }
    auto start = [&] {
        if (!engine.start(cli.config)) {
            printLine(stderr, QStringLiteral("socketscope-load: ") + engine.errorString());
            QCoreApplication::exit(1);
        }
    };
    // --start-at: every agent opens its first connection at the same wall-clock moment.
    const qint64 waitMs = cli.startAtMs - QDateTime::currentMSecsSinceEpoch();
    if (cli.startAtMs > 0 && waitMs > 0) {
        printLine(stderr, QStringLiteral("socketscope-load: starting in %1 s (--start-at)").arg(double(waitMs) / 1000, 0, 'f', 1));
        QTimer::singleShot(std::chrono::milliseconds(waitMs), Qt::PreciseTimer, &app, start);
    } else {
        if (cli.startAtMs > 0)
            printLine(stderr, QStringLiteral("socketscope-load: --start-at passed %1 ms ago; starting now").arg(-waitMs));
        start();
    }
    return app.exec();
}
