// Drives the real console offscreen: panels start real child processes on 127.0.0.1.
#include <comparepanel.h>
#include <conformancepanel.h>
#include <engineprocess.h>
#include <eventlogmodel.h>
#include <jsonline.h>
#include <loadpanel.h>
#include <mainwindow.h>
#include <runcharts.h>
#include <runcontroller.h>
#include <serverpanel.h>
#include <sessionmodel.h>
#include <timeserieschart.h>

#include <QApplication>
#include <QFile>
#include <QProcess>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <signal.h>

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void liveRunFillsEveryChart();
    void savedRunReopensAsTheSameSeries();
    void comparesTwoRuns();
    void killedChildBecomesAnEvent();
    void attachesToARunningServer();
    void checksConformanceOfTheTarget();
    void corruptSessionGetsAReadableError();
    void badThresholdIsRefusedBeforeStarting();
    void rendersToPng();

private:
    void configureSmallRun(MainWindow &window, double durationSec);
    bool runToEnd(MainWindow &window, const QString &savePath);
    static bool hasEvent(const SessionModel *model, const QString &kind, const QString &text);

    QTemporaryDir m_dir;
    QString m_firstRun;
    QString m_secondRun;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings of a test run never touch the user's
    QCoreApplication::setOrganizationName(QStringLiteral("SocketScopeTests"));
    QVERIFY2(!EngineProcess::locate(QStringLiteral("socketscope-server")).isEmpty(), "engines are built beside the tests");
    QVERIFY(m_dir.isValid());
}

void TestMainWindow::configureSmallRun(MainWindow &window, double durationSec)
{
    QJsonObject server = window.serverPanel()->toJson();
    server.insert(QStringLiteral("mode"), QStringLiteral("embedded"));
    server.insert(QStringLiteral("port"), 0);
    server.insert(QStringLiteral("workers"), 2);
    window.serverPanel()->fromJson(server);
    window.loadPanel()->fromJson({{QStringLiteral("scenario"), QStringLiteral("echo")},
                                  {QStringLiteral("connections"), 40},
                                  {QStringLiteral("rampPerSec"), 0},
                                  {QStringLiteral("threads"), 1},
                                  {QStringLiteral("window"), 1},
                                  {QStringLiteral("sizeBytes"), 64},
                                  {QStringLiteral("durationSec"), durationSec}});
}

bool TestMainWindow::hasEvent(const SessionModel *model, const QString &kind, const QString &text)
{
    for (const SessionEvent &e : model->session().events) {
        if (e.kind == kind && e.message.contains(text))
            return true;
    }
    return false;
}

bool TestMainWindow::runToEnd(MainWindow &window, const QString &savePath)
{
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    window.startAll();
    if (!stopped.wait(30000))
        return false;
    return window.saveSession(savePath);
}

void TestMainWindow::liveRunFillsEveryChart()
{
    MainWindow window;
    window.setHeadless(true);
    configureSmallRun(window, 30);
    window.show();

    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("startServerButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->serverUrls().isEmpty(), 10000);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("startLoadButton")), Qt::LeftButton);
    QVERIFY(window.runController()->isLoadRunning());

    RunCharts *charts = window.charts();
    QTRY_VERIFY_WITH_TIMEOUT(charts->latencyChart()->pointCount(QStringLiteral("p99")) >= 2, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(charts->connectionsChart()->lastPoint(QStringLiteral("server open")).y() == 40, 10000);
    QVERIFY(charts->rateChart()->lastPoint(QStringLiteral("load received/s")).y() > 0);
    QVERIFY(charts->rateChart()->pointCount(QStringLiteral("server received/s")) > 0);
    QVERIFY(charts->connectionsChart()->seriesNames().contains(QStringLiteral("worker 2")));
    QVERIFY(charts->memoryChart()->lastPoint(QStringLiteral("server RSS")).y() > 1); // MiB
    QVERIFY(charts->memoryChart()->lastPoint(QStringLiteral("load RSS")).y() > 1);
    QVERIFY(charts->memoryChart()->pointCount(QStringLiteral("server KiB/connection")) > 0);
    QVERIFY(window.headlineText().contains(QLatin1String("per worker")));
    QVERIFY(window.windowTitle().contains(QLatin1String("running")));

    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("stopLoadButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->isLoadRunning(), 10000);
    // Stopped on request: the load still reported its summary, and the server's next sample shows the closes.
    QVERIFY(!window.sessionModel()->session().summary.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(charts->errorsChart()->seriesNames().contains(QStringLiteral("server close 1000/s")), 5000);
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("stopServerButton")), Qt::LeftButton);
    QVERIFY(stopped.wait(15000));
    QVERIFY(hasEvent(window.sessionModel(), QStringLiteral("child_exited"), QStringLiteral("socketscope-load stopped")));
    QVERIFY(hasEvent(window.sessionModel(), QStringLiteral("child_exited"), QStringLiteral("socketscope-server stopped")));
}

void TestMainWindow::savedRunReopensAsTheSameSeries()
{
    MainWindow window;
    window.setHeadless(true);
    configureSmallRun(window, 2);
    m_firstRun = m_dir.filePath(QStringLiteral("first.json"));
    QVERIFY(runToEnd(window, m_firstRun));
    QVERIFY(window.windowTitle().startsWith(QLatin1String("first.json")));
    QHash<QString, int> before;
    for (TimeSeriesChart *chart : window.charts()->charts()) {
        for (const QString &name : chart->seriesNames())
            before.insert(chart->chart()->title() + name, chart->pointCount(name));
    }
    QVERIFY(before.value(window.charts()->latencyChart()->chart()->title() + QStringLiteral("p99")) >= 1);

    MainWindow reopened;
    reopened.setHeadless(true);
    QVERIFY(reopened.openSession(m_firstRun));
    QHash<QString, int> after;
    for (TimeSeriesChart *chart : reopened.charts()->charts()) {
        for (const QString &name : chart->seriesNames())
            after.insert(chart->chart()->title() + name, chart->pointCount(name));
    }
    QCOMPARE(after, before);
    QCOMPARE(reopened.sessionModel()->session().events.size(), window.sessionModel()->session().events.size());
    QVERIFY(reopened.headlineText().startsWith(QLatin1String("Run of")));
}

void TestMainWindow::comparesTwoRuns()
{
    QVERIFY(!m_firstRun.isEmpty());
    MainWindow second;
    second.setHeadless(true);
    configureSmallRun(second, 2);
    m_secondRun = m_dir.filePath(QStringLiteral("second.json"));
    QVERIFY(runToEnd(second, m_secondRun));

    MainWindow window;
    window.setHeadless(true);
    QVERIFY(window.openSession(m_firstRun));
    QVERIFY(window.compareWith(m_secondRun));
    TimeSeriesChart *latency = window.charts()->latencyChart();
    QVERIFY(latency->seriesNames().contains(QStringLiteral("p99")));
    QVERIFY(latency->seriesNames().contains(QStringLiteral("p99 · B")));
    QTableWidget *table = window.comparePanel()->table();
    QCOMPARE(table->columnCount(), 4);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Messages/s"));
    QVERIFY(!table->item(0, 3)->text().isEmpty());
    window.closeComparison();
    QVERIFY(!latency->seriesNames().contains(QStringLiteral("p99 · B")));
    QCOMPARE(table->columnCount(), 2);
}

void TestMainWindow::killedChildBecomesAnEvent()
{
    MainWindow window;
    window.setHeadless(true);
    configureSmallRun(window, 30);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("startServerButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(window.sessionModel()->session().samples.size() >= 1, 10000);
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    ::kill(pid_t(window.runController()->serverProcess()->pid()), SIGKILL);
    QVERIFY(stopped.wait(10000));
    QVERIFY(hasEvent(window.sessionModel(), QStringLiteral("child_exited"), QStringLiteral("died")));
    QVERIFY(window.findChild<QPushButton *>(QStringLiteral("startServerButton"))->isEnabled()); // ready to start again
}

void TestMainWindow::attachesToARunningServer()
{
    // A server the console did not start: watched through its PID and its /metrics page.
    QProcess external;
    external.start(EngineProcess::locate(QStringLiteral("socketscope-server")),
                   {QStringLiteral("--json"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--duration"), QStringLiteral("30")});
    QVERIFY(external.waitForReadyRead(10000));
    const JsonLine ready = JsonLine::parse(external.readLine());
    QCOMPARE(ready.kind, JsonLine::Kind::Ready);

    MainWindow window;
    window.setHeadless(true);
    configureSmallRun(window, 2);
    QJsonObject server = window.serverPanel()->toJson();
    server.insert(QStringLiteral("mode"), QStringLiteral("attach"));
    server.insert(QStringLiteral("attachUrl"), ready.object.value(QLatin1String("echo")).toString());
    server.insert(QStringLiteral("attachPid"), QString::number(external.processId()));
    server.insert(QStringLiteral("attachMetricsUrl"), ready.object.value(QLatin1String("metrics")).toString());
    window.serverPanel()->fromJson(server);
    QVERIFY(window.serverPanel()->isAttached());
    QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("startServerButton"))->isEnabled()); // nothing to start

    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    window.startAll(); // only the load runs
    QVERIFY(!window.runController()->isServerRunning());
    QVERIFY(stopped.wait(20000));
    external.terminate();
    external.waitForFinished(5000);

    const Session &session = window.sessionModel()->session();
    QVERIFY(!session.samples.isEmpty());
    QVERIFY(session.samples.last().target.value(QStringLiteral("target_rss_bytes")) > 0);
    QVERIFY(session.samples.last().target.contains(QStringLiteral("socketscope_connections")));
    QVERIFY(window.charts()->memoryChart()->lastPoint(QStringLiteral("target RSS")).y() > 1);
    QVERIFY(window.charts()->memoryChart()->pointCount(QStringLiteral("target KiB/connection")) > 0);
    const QString args = session.events.isEmpty() ? QString() : session.events.first().message;
    QVERIFY2(args.contains(QLatin1String("--scrape")) && args.contains(QLatin1String("--pid")), qPrintable(args));
}

void TestMainWindow::checksConformanceOfTheTarget()
{
    MainWindow window;
    window.setHeadless(true);
    configureSmallRun(window, 30);
    ConformancePanel *panel = window.conformancePanel();
    auto *run = panel->findChild<QPushButton *>(QStringLiteral("runConformanceButton"));
    QTest::mouseClick(run, Qt::LeftButton);
    QVERIFY(panel->summaryText().contains(QLatin1String("start the server"))); // nothing to check yet

    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("startServerButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->serverUrls().isEmpty(), 10000);
    QSignalSpy finished(panel, &ConformancePanel::finished);
    QTest::mouseClick(run, Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toInt(), 0);
    QVERIFY(panel->table()->rowCount() > 40);
    QVERIFY2(panel->summaryText().startsWith(QStringLiteral("%1 of %1 cases passed").arg(panel->table()->rowCount())),
             qPrintable(panel->summaryText()));

    // The CLI's saved report opens in the same table.
    const QString report = m_dir.filePath(QStringLiteral("conformance.json"));
    QProcess cli;
    cli.start(EngineProcess::locate(QStringLiteral("socketscope-load")),
              {QStringLiteral("--conformance"), window.runController()->serverUrls().value(QLatin1String("echo")).toString(),
               QStringLiteral("--quiet"), QStringLiteral("-o"), report});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    window.stopAll();
    QVERIFY(stopped.wait(10000));
    MainWindow reader;
    reader.setHeadless(true);
    QVERIFY(reader.openSession(report));
    QCOMPARE(reader.conformancePanel()->table()->rowCount(), panel->table()->rowCount());
}

void TestMainWindow::corruptSessionGetsAReadableError()
{
    const QString path = m_dir.filePath(QStringLiteral("corrupt.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format":"socketscope-session","version":1,"samples":[{"source":"load","t":1},)");
    file.close();

    MainWindow window; // not headless: the user gets a dialog
    window.show();
    QString dialogText;
    QTimer::singleShot(0, this, [&] {
        QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        dialogText = box->text();
        box->accept();
    });
    QVERIFY(!window.openSession(path));
    QVERIFY2(dialogText.contains(QLatin1String("corrupt.json")) && dialogText.contains(QLatin1String("truncated")),
             qPrintable(dialogText));
    QVERIFY(window.sessionModel()->session().samples.isEmpty());
}

void TestMainWindow::badThresholdIsRefusedBeforeStarting()
{
    MainWindow window;
    window.show();
    configureSmallRun(window, 2);
    QJsonObject load = window.loadPanel()->toJson();
    load.insert(QStringLiteral("thresholds"), QStringLiteral("p99<50ms, latency<3"));
    load.insert(QStringLiteral("target"), QStringLiteral("ws://127.0.0.1:9/ws"));
    window.loadPanel()->fromJson(load);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("startLoadButton")), Qt::LeftButton);
    QVERIFY(!window.runController()->isLoadRunning());
    QVERIFY(window.loadPanel()->validationError().contains(QLatin1String("latency<3")));
}

void TestMainWindow::rendersToPng()
{
    QVERIFY(!m_firstRun.isEmpty());
    MainWindow window;
    window.setHeadless(true);
    window.resize(1500, 950);
    QVERIFY(window.openSession(m_firstRun));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString path = QStringLiteral(SCREENSHOT_DIR "/mainwindow.png");
    QVERIFY2(window.grab().save(path), qPrintable(path));
    QStringList written;
    QVERIFY(window.exportChartImages(m_dir.path(), &written));
    QCOMPARE(written.size(), 5);
    const QString html = m_dir.filePath(QStringLiteral("report.html"));
    QVERIFY(window.exportHtml(html));
    QFile report(html);
    QVERIFY(report.open(QIODevice::ReadOnly));
    const QByteArray text = report.readAll();
    QCOMPARE(text.count("data:image/png;base64,"), 5);
    QVERIFY(text.contains("Latency p99"));
    QVERIFY(window.exportCsv(m_dir.filePath(QStringLiteral("samples.csv"))));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
