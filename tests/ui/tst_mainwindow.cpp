// Drives the real console offscreen: panels start real child processes on 127.0.0.1.
#include "consolerig.h"

#include <comparepanel.h>
#include <comparisonseries.h>
#include <conformancepanel.h>
#include <engineprocess.h>
#include <runcharts.h>
#include <sessionfileactions.h>
#include <timeserieschart.h>

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void liveRunFillsEveryChart();
    void savedRunReopensAsTheSameSeries();
    void comparesTwoRuns();
    void openedSessionShowsItsSettings();
    void saveIsOfferedOnlyWithARun();
    void checksConformanceOfTheTarget();
    void corruptSessionGetsAReadableError();
    void exportsSayWhereFilesWent();
    void viewMenuTogglesEveryPanel();

private:
    // A finished, saved run; made once, by whichever test needs it first.
    QString recordedRun(const QString &name);

    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    ConsoleRig::initTestCase();
    QVERIFY2(!EngineProcess::locate(QStringLiteral("socketscope-server")).isEmpty(), "engines are built beside the tests");
    QVERIFY(m_dir.isValid());
}

QString TestMainWindow::recordedRun(const QString &name)
{
    const QString path = m_dir.filePath(name);
    if (QFile::exists(path))
        return path;
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 2);
    if (!ConsoleRig::runToEnd(window) || !window.saveSession(path))
        return {};
    return path;
}

void TestMainWindow::liveRunFillsEveryChart()
{
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 60);
    window.show();

    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("startServerButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->serverUrls().isEmpty(), 20000);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("startLoadButton")), Qt::LeftButton);
    QVERIFY(window.runController()->isLoadRunning());

    RunCharts *charts = window.charts();
    QTRY_VERIFY_WITH_TIMEOUT(charts->latencyChart()->pointCount(QStringLiteral("p99")) >= 2, 30000);
    // The top band of the stack is the server's total.
    QTRY_VERIFY_WITH_TIMEOUT(charts->connectionsChart()->lastPoint(QStringLiteral("worker 2")).y() == 120, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(charts->rateChart()->lastPoint(QStringLiteral("load received/s")).y() > 0, 20000);
    QVERIFY(charts->rateChart()->pointCount(QStringLiteral("server received/s")) > 0);
    QVERIFY(charts->connectionsChart()->seriesNames().contains(QStringLiteral("worker 2")));
    QVERIFY(charts->memoryChart()->lastPoint(QStringLiteral("server RSS")).y() > 1); // MiB
    QVERIFY(charts->memoryChart()->lastPoint(QStringLiteral("load RSS")).y() > 1);
    // 120 connections and the idle server's RSS read at start: a meaningful figure per connection.
    QVERIFY(window.sessionModel()->session().config.value(QLatin1String("serverIdleRssBytes")).toDouble() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(charts->memoryChart()->pointCount(QStringLiteral("server KiB/connection")) > 0, 20000);
    QVERIFY(charts->cpuChart()->pointCount(QStringLiteral("server CPU")) > 0);
    QVERIFY(charts->cpuChart()->pointCount(QStringLiteral("load CPU")) > 0);
    QVERIFY(window.headlineText().contains(QLatin1String("per worker")));
    QVERIFY(window.windowTitle().contains(QLatin1String("running")));
    QVERIFY(window.comparePanel()->captionText().contains(QLatin1String("running"))); // not "No run yet"

    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("stopLoadButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->isLoadRunning(), 20000);
    // Stopped on request: the load still reported its summary.
    QVERIFY(!window.sessionModel()->session().summary.isEmpty());
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("stopServerButton")), Qt::LeftButton);
    QVERIFY(stopped.wait(20000));
    QVERIFY(ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("child_exited"), QStringLiteral("socketscope-load stopped")));
    QVERIFY(ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("child_exited"), QStringLiteral("socketscope-server stopped")));
    // Every connection closed with 1000: nothing on the errors chart, whose message is gone nonetheless.
    for (const QString &name : charts->errorsChart()->seriesNames())
        QVERIFY2(!name.contains(QLatin1String("close 1000")), qPrintable(name));
}

void TestMainWindow::savedRunReopensAsTheSameSeries()
{
    const QString saved = recordedRun(QStringLiteral("first.json"));
    QVERIFY(!saved.isEmpty());
    MainWindow reopened;
    reopened.setHeadless(true);
    QVERIFY(reopened.fileActions()->openSession(saved));
    QVERIFY(reopened.windowTitle().startsWith(QLatin1String("first.json")));
    QVERIFY(reopened.headlineText().contains(QLatin1String("Run of")));
    QVERIFY(reopened.charts()->latencyChart()->pointCount(QStringLiteral("p99")) >= 1);
    // The same file opened twice draws the same series with the same points.
    MainWindow again;
    again.setHeadless(true);
    QVERIFY(again.fileActions()->openSession(saved));
    for (int i = 0; i < reopened.charts()->charts().size(); ++i) {
        TimeSeriesChart *a = reopened.charts()->charts().at(i);
        TimeSeriesChart *b = again.charts()->charts().at(i);
        QCOMPARE(b->seriesNames(), a->seriesNames());
        for (const QString &name : a->seriesNames())
            QCOMPARE(b->pointCount(name), a->pointCount(name));
    }
}

void TestMainWindow::comparesTwoRuns()
{
    const QString first = recordedRun(QStringLiteral("first.json"));
    const QString second = recordedRun(QStringLiteral("second.json"));
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    MainWindow window;
    window.setHeadless(true);
    QVERIFY(window.fileActions()->openSession(first));
    QVERIFY(window.fileActions()->compareWith(second));
    TimeSeriesChart *latency = window.charts()->latencyChart();
    QVERIFY(latency->seriesNames().contains(QStringLiteral("p99")));
    QVERIFY(latency->seriesNames().contains(ComparisonSeries::of(QStringLiteral("p99"))));
    QTableWidget *table = window.comparePanel()->table();
    QCOMPARE(table->columnCount(), 4);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Messages/s"));
    QVERIFY(!table->item(0, 3)->text().isEmpty());
    QVERIFY(window.comparePanel()->captionText().contains(QLatin1String("second.json")));
    window.fileActions()->closeComparison();
    QVERIFY(!latency->seriesNames().contains(ComparisonSeries::of(QStringLiteral("p99"))));
    QCOMPARE(table->columnCount(), 2);
}

void TestMainWindow::openedSessionShowsItsSettings()
{
    const QString saved = recordedRun(QStringLiteral("first.json"));
    MainWindow window;
    window.setHeadless(true);
    QVERIFY(window.fileActions()->openSession(saved));
    QTableWidget *settings = window.comparePanel()->settingsTable();
    QStringList rows;
    for (int r = 0; r < settings->rowCount(); ++r)
        rows << settings->item(r, 1)->text() + QStringLiteral(": ") + settings->item(r, 2)->text();
    QVERIFY2(rows.contains(QStringLiteral("Connections: 120")), qPrintable(rows.join(QLatin1Char('\n'))));
    QVERIFY2(rows.filter(QStringLiteral("Started: 20")).size() == 1, qPrintable(rows.join(QLatin1Char('\n')))); // a date, not epoch ms
    // And the panels take them on request.
    window.loadPanel()->fromJson({{QStringLiteral("connections"), 7}});
    QTest::mouseClick(window.comparePanel()->findChild<QPushButton *>(QStringLiteral("useSettingsButton")), Qt::LeftButton);
    QCOMPARE(window.loadPanel()->toJson().value(QLatin1String("connections")).toInt(), 120);
}

void TestMainWindow::saveIsOfferedOnlyWithARun()
{
    MainWindow window;
    window.setHeadless(true);
    QAction *save = window.fileActions()->saveAction();
    QVERIFY(!save->isEnabled()); // an empty window has nothing to save
    QVERIFY(window.fileActions()->openSession(recordedRun(QStringLiteral("first.json"))));
    QVERIFY(save->isEnabled());
}

void TestMainWindow::checksConformanceOfTheTarget()
{
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 30);
    ConformancePanel *panel = window.conformancePanel();
    auto *run = panel->findChild<QPushButton *>(QStringLiteral("runConformanceButton"));
    QTest::mouseClick(run, Qt::LeftButton);
    QVERIFY(panel->summaryText().contains(QLatin1String("start the server"))); // nothing to check yet

    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("startServerButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!window.runController()->serverUrls().isEmpty(), 20000);
    QSignalSpy finished(panel, &ConformancePanel::finished);
    QTest::mouseClick(run, Qt::LeftButton);
    QVERIFY(finished.wait(90000));
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
    QVERIFY(cli.waitForFinished(90000));
    QCOMPARE(cli.exitCode(), 0);
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    window.stopAll();
    QVERIFY(stopped.wait(20000));
    MainWindow reader;
    reader.setHeadless(true);
    QVERIFY(reader.fileActions()->openSession(report));
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
    QVERIFY(!window.fileActions()->openSession(path));
    QVERIFY2(dialogText.contains(QLatin1String("corrupt.json")) && dialogText.contains(QLatin1String("truncated")),
             qPrintable(dialogText));
    QVERIFY(window.sessionModel()->session().samples.isEmpty());
}

void TestMainWindow::exportsSayWhereFilesWent()
{
    MainWindow window;
    window.setHeadless(true);
    window.resize(1500, 950);
    QVERIFY(window.fileActions()->openSession(recordedRun(QStringLiteral("first.json"))));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.grab().save(QStringLiteral(SCREENSHOT_DIR "/mainwindow.png")));
    QSignalSpy done(window.fileActions(), &SessionFileActions::done);
    QStringList written;
    QVERIFY(window.fileActions()->exportChartImages(m_dir.path(), &written));
    QCOMPARE(written.size(), 6);
    QVERIFY2(written.first().endsWith(QLatin1String("first-rate.png")), qPrintable(written.first())); // named by chart
    QVERIFY(written.last().endsWith(QLatin1String("first-errors.png")));
    const QString html = m_dir.filePath(QStringLiteral("report.html"));
    QVERIFY(window.fileActions()->exportHtml(html));
    QFile report(html);
    QVERIFY(report.open(QIODevice::ReadOnly));
    const QByteArray text = report.readAll();
    QCOMPARE(text.count("data:image/png;base64,"), 6);
    QVERIFY(text.contains("Latency p99"));
    QVERIFY(!text.contains("startedAtMs")); // settings as a table, not raw JSON
    QVERIFY(window.fileActions()->exportCsv(m_dir.filePath(QStringLiteral("samples.csv"))));
    QCOMPARE(done.count(), 3);
    QVERIFY(done.at(1).first().toString().contains(html));
}

void TestMainWindow::viewMenuTogglesEveryPanel()
{
    MainWindow window;
    QAction *viewMenu = nullptr;
    for (QAction *a : window.menuBar()->actions()) {
        if (a->text() == QLatin1String("&View"))
            viewMenu = a;
    }
    QVERIFY(viewMenu);
    int toggles = 0;
    for (QAction *a : viewMenu->menu()->actions()) {
        if (a->text() == QLatin1String("Run setup") || a->text() == QLatin1String("Events and summary")) {
            QVERIFY2(a->isEnabled(), qPrintable(a->text()));
            ++toggles;
        }
    }
    QCOMPARE(toggles, 2);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
