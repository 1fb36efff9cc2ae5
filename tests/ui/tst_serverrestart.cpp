// Run > Restart Server mid-run with the load's Reconnect on: the server is hung up (1012 to every
// client) and started again on its port, the load's connections dip and come back, and the event
// log tells the story. Real child processes on 127.0.0.1.
#include "consolerig.h"

#include <engineprocess.h>

#include <QAction>
#include <QTest>

class TestServerRestart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { ConsoleRig::initTestCase(); }
    void restartDipsAndEveryConnectionComesBack();
    void reconnectFieldsBecomeLoadFlags();
};

void TestServerRestart::restartDipsAndEveryConnectionComesBack()
{
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 60);
    ConsoleRig::reconnectSlowly(window);
    QAction *restart = window.restartServerAction();
    QVERIFY(!restart->isEnabled());
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    window.startAll();
    TimeSeriesChart *connections = window.charts()->connectionsChart();
    QTRY_VERIFY_WITH_TIMEOUT(connections->lastPoint(QStringLiteral("load open")).y() == 120, 30000);
    const qint64 firstPid = window.runController()->serverProcess()->pid();
    QVERIFY(restart->isEnabled());
    restart->trigger();
    QVERIFY(!restart->isEnabled()); // one restart at a time
    QTRY_VERIFY_WITH_TIMEOUT(ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("reconnected")), 40000);

    const SessionModel *model = window.sessionModel();
    QVERIFY(ConsoleRig::hasEvent(model, QStringLiteral("server_restarting"), QStringLiteral("1012")));
    QVERIFY(ConsoleRig::hasEvent(model, QStringLiteral("server_back")));
    QVERIFY(!ConsoleRig::hasEvent(model, QStringLiteral("server_died")));
    QVERIFY2(ConsoleRig::hasEvent(model, QStringLiteral("reconnected"), QStringLiteral("120 connections back")),
             qPrintable(model->session().events.constLast().message));
    QVERIFY(ConsoleRig::hasEvent(model, QStringLiteral("reconnected"), QStringLiteral(", 0 gave up")));
    QVERIFY(window.runController()->isServerRunning());
    QVERIFY(window.runController()->serverProcess()->pid() != firstPid);
    QVERIFY(restart->isEnabled());

    // The load's samples: all 120 open, fewer after the restart, all 120 again, every one closed with 1012.
    // The "reconnected" event is a stdout line and can arrive before the next one-second sample.
    bool full = false, dipped = false, back = false;
    quint64 closed1012 = 0, reconnects = 0;
    const auto scanLoadSamples = [&] {
        full = dipped = back = false;
        for (const MetricSample &s : model->session().samples) {
            if (s.source != QLatin1String("load"))
                continue;
            full = full || s.connections == 120;
            dipped = dipped || (full && s.connections < 120);
            back = back || (dipped && s.connections == 120);
            closed1012 = s.closeCodes.value(1012);
            reconnects = s.reconnects;
        }
        return back;
    };
    QTRY_VERIFY_WITH_TIMEOUT(scanLoadSamples(), 10000);
    QVERIFY(dipped);
    QCOMPARE(closed1012, 120ULL);
    QCOMPARE(reconnects, 120ULL);
    // The storm on the charts: the gauge while waiting, and the rate at which they came back.
    QVERIFY(connections->pointCount(QStringLiteral("load reconnecting")) > 0);
    QVERIFY(window.charts()->errorsChart()->pointCount(QStringLiteral("load reconnects/s")) > 0);
    // The new server's samples go on the same time axis, after the old one's.
    QTRY_VERIFY_WITH_TIMEOUT(connections->lastPoint(QStringLiteral("worker 2")).y() == 120, 10000);

    window.stopAll();
    QVERIFY(stopped.wait(30000));
}

void TestServerRestart::reconnectFieldsBecomeLoadFlags()
{
    MainWindow window;
    ConsoleRig::configureSmallRun(window, 5);
    QVERIFY(!window.loadPanel()->arguments(QStringLiteral("ws://127.0.0.1:1/ws")).contains(QLatin1String("--reconnect")));
    window.loadPanel()->fromJson({{QStringLiteral("reconnect"), true},
                                  {QStringLiteral("reconnectRetries"), 5},
                                  {QStringLiteral("reconnectBackoffMinSec"), 0.5},
                                  {QStringLiteral("reconnectBackoffMaxSec"), 8.0}});
    const QStringList args = window.loadPanel()->arguments(QStringLiteral("ws://127.0.0.1:1/ws"));
    const qsizetype at = args.indexOf(QLatin1String("--reconnect"));
    QVERIFY(at > 0);
    QCOMPARE(args.mid(at, 5), (QStringList{QStringLiteral("--reconnect"), QStringLiteral("--reconnect-retries"), QStringLiteral("5"),
                                           QStringLiteral("--reconnect-backoff"), QStringLiteral("0.5s..8s")}));
    QCOMPARE(window.loadPanel()->toJson().value(QLatin1String("reconnectRetries")).toInt(), 5);
    window.loadPanel()->fromJson({{QStringLiteral("reconnectBackoffMinSec"), 9.0}});
    QVERIFY(window.loadPanel()->validationError().contains(QLatin1String("Reconnect backoff")));
}

QTEST_MAIN(TestServerRestart)
#include "tst_serverrestart.moc"
