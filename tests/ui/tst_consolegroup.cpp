// Server processes: N and load agents: N in the console, with real child processes on 127.0.0.1:
// two socketscope-server processes on one port with a redis-server bus, two load agents, merged
// into one run; a member that dies is an event while the others go on.
#include "consolerig.h"

#include <enginegroup.h>
#include <engineprocess.h>
#include <processtable.h>

#include <QAction>
#include <QJsonArray>
#include <QScopeGuard>
#include <QTest>

#include <signal.h>

class TestConsoleGroup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { ConsoleRig::initTestCase(); }
    void groupAndAgentsAddUpToOneRun();
    void aMemberThatDiesIsAnEventTheOthersGoOn();
    void restartGoesThroughTheGroupOneByOne();
    void agentsOnHostsRunThroughTheCommandTemplate();

private:
    static void configureGroup(MainWindow &window, double durationSec);
    static bool startAndHoldAll(MainWindow &window);
};

void TestConsoleGroup::configureGroup(MainWindow &window, double durationSec)
{
    ConsoleRig::configureSmallRun(window, durationSec);
    QJsonObject server = window.serverPanel()->toJson();
    server.insert(QStringLiteral("processes"), 2);
    window.serverPanel()->fromJson(server);
    window.loadPanel()->fromJson({{QStringLiteral("agents"), 2}});
}

// Start All, until the group holds all 120 connections: the top band of the stack per process and worker.
bool TestConsoleGroup::startAndHoldAll(MainWindow &window)
{
    window.startAll();
    TimeSeriesChart *connections = window.charts()->connectionsChart();
    return QTest::qWaitFor([connections] { return connections->lastPoint(QStringLiteral("p2 w2")).y() == 120; }, 30000);
}

void TestConsoleGroup::groupAndAgentsAddUpToOneRun()
{
    MainWindow window;
    window.setHeadless(true);
    configureGroup(window, 4);
    // Broadcast: a publish on one process reaches the subscribers of the other only over the bus.
    window.loadPanel()->fromJson({{QStringLiteral("scenario"), QStringLiteral("broadcast")},
                                  {QStringLiteral("publishers"), 2},
                                  {QStringLiteral("publishRatePerSec"), 10}});
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    QVERIFY(startAndHoldAll(window));
    TimeSeriesChart *connections = window.charts()->connectionsChart();
    QVERIFY(connections->seriesNames().contains(QStringLiteral("p1 w1")));
    // Memory and CPU are the group's sums; hovering shows each process and agent under them.
    const double x = connections->lastPoint(QStringLiteral("p2 w2")).x();
    QVERIFY(!window.charts()->memoryChart()->seriesNames().contains(QStringLiteral("server p2 RSS")));
    QVERIFY(window.charts()->memoryChart()->readoutAt(x).contains(QLatin1String("server p2 RSS")));
    QVERIFY(window.charts()->cpuChart()->readoutAt(x).contains(QLatin1String("load agent 1 CPU")));
    QCOMPARE(window.runController()->serverGroup()->size(), 2);
    QCOMPARE(window.runController()->loadGroup()->size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(connections->lastPoint(QStringLiteral("load open")).y() == 120, 10000); // 60 + 60
    QVERIFY(stopped.wait(ConsoleRig::kRunEndsWithinMs));

    const SessionModel *model = window.sessionModel();
    QVERIFY(ConsoleRig::hasEvent(model, QStringLiteral("listening"), QStringLiteral("2 server processes listening")));
    QVERIFY(!ConsoleRig::hasEvent(model, QStringLiteral("child_died")));
    QVERIFY(!ConsoleRig::hasEvent(model, QStringLiteral("merge_failed")));
    // The saved run's summary is the agents' files merged: exact totals, nothing lost across processes.
    const QJsonObject summary = model->session().summary;
    QCOMPARE(summary.value(QLatin1String("agents")).toInt(), 2);
    // Publishes reached the subscribers of both processes: without the bus those on the other
    // process (about half) would get none. The last publishes may still be in flight at the end.
    const double publishes = summary.value(QLatin1String("messagesSent")).toDouble();
    const double deliveries = summary.value(QLatin1String("messagesReceived")).toDouble();
    QVERIFY(publishes > 0);
    QVERIFY2(deliveries >= 0.75 * publishes * 120 && deliveries <= publishes * 120,
             qPrintable(QStringLiteral("%1 deliveries of %2 publishes to 120").arg(deliveries).arg(publishes)));
    QCOMPARE(summary.value(QLatin1String("errors")).toDouble(), 0.0);
    // Each process and agent on its own row; the kernel gave each server process some connections.
    ProcessTable *table = window.processTable();
    QCOMPARE(table->rowCount(), 4);
    for (int member : {0, 1}) {
        const int row = table->rowOf(QStringLiteral("server"), member);
        QVERIFY(row >= 0);
        QVERIFY(table->rowOf(QStringLiteral("load"), member) >= 0);
    }
    bool bothServed = false;
    for (const MetricSample &s : model->session().samples) {
        if (s.source == QLatin1String("server") && s.connections == 120) {
            QCOMPARE(s.connectionsPerWorker.size(), 4); // p1 w1, p1 w2, p2 w1, p2 w2
            bothServed = s.connectionsPerWorker[0] + s.connectionsPerWorker[1] > 0 && s.connectionsPerWorker[2] + s.connectionsPerWorker[3] > 0;
        }
    }
    QVERIFY(bothServed);
}

void TestConsoleGroup::aMemberThatDiesIsAnEventTheOthersGoOn()
{
    MainWindow window;
    window.setHeadless(true);
    configureGroup(window, 60);
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    QVERIFY(startAndHoldAll(window));
    RunController *run = window.runController();
    ::kill(pid_t(run->serverGroup()->member(1)->pid()), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("child_died"), QStringLiteral("p2")), 10000);
    ::kill(pid_t(run->loadGroup()->member(1)->pid()), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("child_died"), QStringLiteral("agent 2")), 10000);
    QVERIFY(run->isServerRunning());
    QVERIFY(run->isLoadRunning());
    QVERIFY(!ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("server_died")));
    ProcessTable *table = window.processTable();
    QCOMPARE(table->item(table->rowOf(QStringLiteral("server"), 1), ProcessTable::State)->text(), QStringLiteral("died"));
    window.stopAll();
    QVERIFY(stopped.wait(30000));
    // The killed agent sent no session: the summary says whose results it lacks.
    QVERIFY(ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("merge_incomplete"), QStringLiteral("agent 2")));
}

void TestConsoleGroup::restartGoesThroughTheGroupOneByOne()
{
    MainWindow window;
    window.setHeadless(true);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    configureGroup(window, 60);
    ConsoleRig::reconnectSlowly(window);
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    QVERIFY(startAndHoldAll(window));
    window.restartServerAction()->trigger();
    const SessionModel *model = window.sessionModel();
    QTRY_VERIFY_WITH_TIMEOUT(ConsoleRig::hasEvent(model, QStringLiteral("server_back")), 30000);
    // Back once every connection is open again and none is waiting to reconnect.
    auto lastLoad = [model] {
        for (auto it = model->session().samples.crbegin(); it != model->session().samples.crend(); ++it) {
            if (it->source == QLatin1String("load"))
                return *it;
        }
        return MetricSample();
    };
    QTRY_VERIFY_WITH_TIMEOUT(lastLoad().reconnects > 0 && lastLoad().reconnecting == 0 && lastLoad().connections == 120, 40000);
    const MetricSample load = lastLoad();
    QCOMPARE(load.reconnectGiveUps, 0ULL);
    QCOMPARE(load.reconnects, load.closeCodes.value(1012)); // every client the restart closed came back
    QStringList restarting, reconnected;
    for (const SessionEvent &e : model->session().events) {
        if (e.kind == QLatin1String("server_restarting"))
            restarting << e.message;
        if (e.kind == QLatin1String("reconnected"))
            reconnected << e.message;
    }
    QCOMPARE(restarting.size(), 2); // one process at a time, each with its own 1012s
    QVERIFY(restarting.first().startsWith(QLatin1String("server p1 restarting")));
    QVERIFY(restarting.last().startsWith(QLatin1String("server p2 restarting")));
    QVERIFY(!ConsoleRig::hasEvent(model, QStringLiteral("server_died")));
    QVERIFY(!ConsoleRig::hasEvent(model, QStringLiteral("child_died")));
    QTRY_VERIFY_WITH_TIMEOUT(ConsoleRig::hasEvent(model, QStringLiteral("reconnected")), 10000);
    for (const QString &line : std::as_const(reconnected))
        QVERIFY2(line.endsWith(QLatin1String(", 0 gave up")), qPrintable(line));
    // Regression: after a restart the group's sum counted one process a second, half the connections.
    QTRY_VERIFY_WITH_TIMEOUT(window.charts()->connectionsChart()->lastPoint(QStringLiteral("p2 w2")).y() == 120, 10000);
    QVERIFY(window.grab().save(QStringLiteral(SCREENSHOT_DIR "/console-group-restart.png")));

    window.stopAll();
    QVERIFY(stopped.wait(30000));
}

// Agents "on hosts" through a command template, as with ssh: the arguments pass through a shell
// quoted, the results come back on stdout (--out -), and Stop closes their stdin, the one stop
// ssh passes on. Here the "remote" shell is a local sh, finding socketscope-load on PATH.
void TestConsoleGroup::agentsOnHostsRunThroughTheCommandTemplate()
{
    const QByteArray path = qgetenv("PATH");
    const auto restorePath = qScopeGuard([&path] { qputenv("PATH", path); });
    qputenv("PATH", QCoreApplication::applicationDirPath().toLocal8Bit() + ':' + path);
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 60);
    window.loadPanel()->fromJson({{QStringLiteral("agents"), 2},
                                  {QStringLiteral("agentHosts"), QJsonArray{QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}},
                                  {QStringLiteral("agentCommand"), QStringLiteral(R"(sh -c "exec socketscope-load {args}" {host})")},
                                  {QStringLiteral("thresholds"), QStringLiteral("connections>=120")}});
    QCOMPARE(window.loadPanel()->validationError(), QString());
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    window.startAll();
    TimeSeriesChart *connections = window.charts()->connectionsChart();
    QTRY_VERIFY_WITH_TIMEOUT(connections->lastPoint(QStringLiteral("load open")).y() == 120, 30000);
    // Echoes flowing before the stop: the merged summary has messages to count.
    QTRY_VERIFY_WITH_TIMEOUT(window.charts()->rateChart()->lastPoint(QStringLiteral("load received/s")).y() > 0, 10000);
    window.stopAll();
    QVERIFY(stopped.wait(30000));

    const SessionModel *model = window.sessionModel();
    QVERIFY(ConsoleRig::hasEvent(model, QStringLiteral("child_started"), QStringLiteral("started sh -c exec socketscope-load")));
    QVERIFY(ConsoleRig::hasEvent(model, QStringLiteral("child_started"), QStringLiteral("--stop-when-stdin-closes")));
    QVERIFY(!ConsoleRig::hasEvent(model, QStringLiteral("child_died")));
    QVERIFY(!ConsoleRig::hasEvent(model, QStringLiteral("merge_incomplete")));
    QVERIFY(!ConsoleRig::hasEvent(model, QStringLiteral("merge_failed")));
    // Both stopped gracefully and reported: the merged summary holds both agents' 60 connections.
    const QJsonObject summary = model->session().summary;
    QCOMPARE(summary.value(QLatin1String("agents")).toInt(), 2);
    QCOMPARE(summary.value(QLatin1String("peakConnections")).toInt(), 120);
    QVERIFY(summary.value(QLatin1String("messagesReceived")).toDouble() > 0);
    QCOMPARE(model->session().config.value(QLatin1String("load")).toObject().value(QLatin1String("agentHosts")).toArray().size(), 2);
}

QTEST_MAIN(TestConsoleGroup)
#include "tst_consolegroup.moc"
