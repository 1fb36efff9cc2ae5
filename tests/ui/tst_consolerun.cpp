// What Start and Stop do, with real child processes on 127.0.0.1: checks before anything starts,
// the order of stopping, a server killed mid-run, and the verdict everywhere it is shown.
#include "consolerig.h"

#include <comparepanel.h>
#include <consolerun.h>
#include <engineprocess.h>
#include <runhealth.h>
#include <sessionfileactions.h>
#include <verdict.h>
#include <verdictbanner.h>

#include <QFile>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

class TestConsoleRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void badThresholdStartsNoChild();
    void missingEngineSaysTheServerDidNotStart();
    void overloadIsAskedBeforeStarting();
    void stopEndsTheLoadFirst();
    void serverEventsComeFromTheServer();
    void killedServerEndsTheRunAndIsMarked();
    void verdictInWindowSummaryAndReport_data();
    void verdictInWindowSummaryAndReport();

private:
    QTemporaryDir m_dir;
};

void TestConsoleRun::initTestCase()
{
    ConsoleRig::initTestCase();
    QVERIFY(m_dir.isValid());
}

void TestConsoleRun::badThresholdStartsNoChild()
{
    // It used to start the server, refuse the load, leave the server running and ask to save a "Run of 0 s".
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 2, QStringLiteral("p99<50ms, latency<3"));
    QSignalSpy problems(window.findChild<ConsoleRun *>(), &ConsoleRun::problem);
    QSignalSpy serverRunning(window.runController(), &RunController::serverRunningChanged);
    window.startAll();
    QCOMPARE(problems.count(), 1);
    QVERIFY(problems.first().at(1).toString().contains(QLatin1String("latency<3")));
    QCOMPARE(serverRunning.count(), 0);
    QVERIFY(!window.runController()->isRunning());
    QVERIFY(window.sessionModel()->session().events.isEmpty());
    QVERIFY(!window.sessionModel()->isModified());
}

void TestConsoleRun::missingEngineSaysTheServerDidNotStart()
{
    // Regression (issue 12, runcontroller.cpp:299): without the executable no running state was
    // signalled, so Start All waited forever and never said why.
    qputenv("SOCKETSCOPE_ENGINE_DIR", m_dir.path().toLocal8Bit()); // holds no engines
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 2);
    QSignalSpy problems(window.findChild<ConsoleRun *>(), &ConsoleRun::problem);
    window.startAll();
    qunsetenv("SOCKETSCOPE_ENGINE_DIR");
    QCOMPARE(problems.count(), 1);
    QCOMPARE(problems.first().first().toString(), QStringLiteral("The server did not start"));
    QVERIFY(ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("child_failed"), QStringLiteral("socketscope-server not found")));
    QVERIFY(window.findChild<QPushButton *>(QStringLiteral("startServerButton"))->isEnabled());
}

void TestConsoleRun::overloadIsAskedBeforeStarting()
{
    // The old broadcast default: 10,000 publishes/s to 200 subscribers.
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 2);
    window.loadPanel()->fromJson({{QStringLiteral("scenario"), QStringLiteral("broadcast")},
                                  {QStringLiteral("connections"), 200},
                                  {QStringLiteral("publishRatePerSec"), 10000}});
    QString asked;
    window.findChild<ConsoleRun *>()->setOverloadCheck([&asked](const QString &warning) {
        asked = warning;
        return false; // the user cancels
    });
    window.startAll();
    QVERIFY2(asked.contains(QLatin1String("2,000,000 deliveries/s")), qPrintable(asked));
    QVERIFY(!window.runController()->isRunning());
}

void TestConsoleRun::stopEndsTheLoadFirst()
{
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 60);
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    window.startAll();
    QTRY_VERIFY_WITH_TIMEOUT(window.charts()->rateChart()->lastPoint(QStringLiteral("load received/s")).y() > 0, 30000);
    window.stopAll();
    QVERIFY(stopped.wait(30000));
    // The server outlived the load: no connection was closed by it, none counted as an error.
    const Session &session = window.sessionModel()->session();
    QVERIFY(!session.summary.isEmpty());
    QCOMPARE(session.summary.value(QLatin1String("errors")).toDouble(), 0.0);
    int loadStopped = -1, serverStopped = -1;
    for (int i = 0; i < session.events.size(); ++i) {
        if (session.events.at(i).message == QLatin1String("socketscope-load stopped"))
            loadStopped = i;
        if (session.events.at(i).message == QLatin1String("socketscope-server stopped"))
            serverStopped = i;
    }
    QVERIFY(loadStopped >= 0 && serverStopped > loadStopped);
}

void TestConsoleRun::serverEventsComeFromTheServer()
{
    // socketscope-server --json prints them; the console derives none of its own any more.
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 2);
    QJsonObject server = window.serverPanel()->toJson();
    server.insert(QStringLiteral("maxConnections"), 100); // of the 120 the load opens
    window.serverPanel()->fromJson(server);
    QVERIFY(ConsoleRig::runToEnd(window));
    QStringList refusals;
    for (const SessionEvent &e : window.sessionModel()->session().events) {
        if (e.source == QLatin1String("server") && e.kind == QLatin1String("refused_max_connections")) {
            refusals << e.message;
            QCOMPARE(e.level(), SessionEvent::Severity::Warning);
        }
    }
    // Each growth once (not once from the server and again from the console), 20 refused in all.
    QVERIFY(!refusals.isEmpty());
    QCOMPARE(refusals.removeDuplicates(), qsizetype(0));
    QVERIFY2(refusals.last().endsWith(QLatin1String("(20 in all)")), qPrintable(refusals.join(QLatin1Char('\n'))));
}

void TestConsoleRun::killedServerEndsTheRunAndIsMarked()
{
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 60, QStringLiteral("p99<10s"));
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    window.startAll();
    // The server has sampled all 120 connections (the stack's top band is its total).
    QTRY_VERIFY_WITH_TIMEOUT(window.charts()->connectionsChart()->lastPoint(QStringLiteral("worker 2")).y() == 120, 30000);
    ::kill(pid_t(window.runController()->serverProcess()->pid()), SIGKILL);
    // The load is stopped at once instead of sitting at 0 connections until its 60 s are up.
    QVERIFY(stopped.wait(30000));
    const Session &session = window.sessionModel()->session();
    QVERIFY(ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("server_died"), QStringLiteral("(1006)")));
    const RunHealth health = RunHealth::of(session);
    QVERIFY(health.serverDiedAtSec.has_value());
    QCOMPARE(health.connectionsAtServerDeath, 120ULL);
    QVERIFY(!health.dead.isEmpty());
    QVERIFY(health.durationSec < 40);
    // p99 passed, yet the run failed: its server died.
    const Verdict verdict = Verdict::of(session, health);
    QCOMPARE(verdict.outcome, Verdict::Outcome::Fail);
    QVERIFY(window.verdictBanner()->isVisibleTo(&window));
    QVERIFY(window.verdictBanner()->text().contains(QLatin1String("server died")));
    QVERIFY(window.headlineText().contains(QLatin1String("FAIL")));
    QVERIFY(window.findChild<QPushButton *>(QStringLiteral("startServerButton"))->isEnabled()); // ready to start again
}

void TestConsoleRun::verdictInWindowSummaryAndReport_data()
{
    QTest::addColumn<QString>("thresholds");
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("quoted"); // what the exit line and banner quote
    QTest::newRow("passing") << QStringLiteral("p99<60s, errors<50%") << QStringLiteral("PASS") << QStringLiteral("p99<60s:");
    QTest::newRow("failing") << QStringLiteral("errors<50%, p99<1us") << QStringLiteral("FAIL") << QStringLiteral("p99<1us measured");
}

void TestConsoleRun::verdictInWindowSummaryAndReport()
{
    QFETCH(QString, thresholds);
    QFETCH(QString, word);
    QFETCH(QString, quoted);
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 2, thresholds);
    QVERIFY(ConsoleRig::runToEnd(window));

    QVERIFY2(window.verdictBanner()->text().startsWith(QStringLiteral("<b>%1</b>").arg(word)), qPrintable(window.verdictBanner()->text()));
    QVERIFY2(window.verdictBanner()->text().contains(quoted.toHtmlEscaped()), qPrintable(window.verdictBanner()->text()));
    QVERIFY(window.headlineText().startsWith(word));
    QTableWidget *summary = window.comparePanel()->table();
    QCOMPARE(summary->item(0, 0)->text(), QStringLiteral("Verdict"));
    QCOMPARE(summary->item(0, 1)->text(), word);
    QVERIFY(summary->item(1, 0)->text().startsWith(QLatin1String("Threshold ")));
    if (word == QLatin1String("FAIL")) {
        // The exit line quotes the threshold that failed, not the last one the load printed.
        QVERIFY(ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("child_exited"), QStringLiteral("FAIL: p99<1us measured")));
        QVERIFY(!ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("child_exited"), QStringLiteral("passed")));
    }
    const QString html = m_dir.filePath(QStringLiteral("%1.html").arg(word));
    QVERIFY(window.fileActions()->exportHtml(html));
    QFile report(html);
    QVERIFY(report.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(report.readAll());
    QVERIFY(text.contains(QStringLiteral("class=\"verdict %1\"").arg(word == QLatin1String("PASS") ? QStringLiteral("pass") : QStringLiteral("fail"))));
    QVERIFY(text.contains(QLatin1String("<td>errors&lt;50%</td>")));
}

QTEST_MAIN(TestConsoleRun)
#include "tst_consolerun.moc"
