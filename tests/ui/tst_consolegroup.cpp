// Server processes: N and load agents: N in the console, with real child processes on 127.0.0.1:
// two socketscope-server processes on one port with a redis-server bus, two load agents, merged
// into one run; a member that dies is an event while the others go on.
#include "consolerig.h"

#include <enginegroup.h>
#include <engineprocess.h>
#include <processtable.h>

#include <QTest>

#include <signal.h>

class TestConsoleGroup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { ConsoleRig::initTestCase(); }
    void groupAndAgentsAddUpToOneRun();
    void aMemberThatDiesIsAnEventTheOthersGoOn();

private:
    static void configureGroup(MainWindow &window, double durationSec);
};

void TestConsoleGroup::configureGroup(MainWindow &window, double durationSec)
{
    ConsoleRig::configureSmallRun(window, durationSec);
    QJsonObject server = window.serverPanel()->toJson();
    server.insert(QStringLiteral("processes"), 2);
    window.serverPanel()->fromJson(server);
    window.loadPanel()->fromJson({{QStringLiteral("agents"), 2}});
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
    window.startAll();
    TimeSeriesChart *connections = window.charts()->connectionsChart();
    // Stacked per process and worker; the top band is the group's total.
    QTRY_VERIFY_WITH_TIMEOUT(connections->lastPoint(QStringLiteral("p2 w2")).y() == 120, 30000);
    QVERIFY(connections->seriesNames().contains(QStringLiteral("p1 w1")));
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
    // Every publish reached all 120 subscribers, half of them on the other process.
    QVERIFY(summary.value(QLatin1String("messagesSent")).toDouble() > 0);
    QCOMPARE(summary.value(QLatin1String("messagesReceived")).toDouble(), summary.value(QLatin1String("messagesSent")).toDouble() * 120);
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
    window.startAll();
    TimeSeriesChart *connections = window.charts()->connectionsChart();
    QTRY_VERIFY_WITH_TIMEOUT(connections->lastPoint(QStringLiteral("p2 w2")).y() == 120, 30000);
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
    // The killed agent wrote no file: the summary says whose results it lacks.
    QVERIFY(ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("merge_incomplete"), QStringLiteral("agent 2")));
}

QTEST_MAIN(TestConsoleGroup)
#include "tst_consolegroup.moc"
