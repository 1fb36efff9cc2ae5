// resources/scenarios/chat.yaml run from the console against the test protocol server: named
// latencies in the latency chart, counters as rates, both in the summary; the session keeps the
// text, and reopening it shows what ran with the same series.
#include "consolerig.h"

#include <chatprotocolserver.h>
#include <codeeditor.h>
#include <comparepanel.h>
#include <comparisonseries.h>
#include <metricpicker.h>
#include <scenarioeditor.h>
#include <scenarioranview.h>
#include <sessionfileactions.h>

#include <QFile>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

namespace {

QStringList column(const QTableWidget *table, int c)
{
    QStringList out;
    for (int row = 0; row < table->rowCount(); ++row)
        out << (table->item(row, c) ? table->item(row, c)->text() : QString());
    return out;
}

} // namespace

class TestScenarioConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void chatRunsFromTheEditorAndReopens();
    void timeoutsShowPerMetricInTheEventLog();

private:
    QTemporaryDir m_dir;
};

void TestScenarioConsole::initTestCase()
{
    ConsoleRig::initTestCase();
    QVERIFY(m_dir.isValid());
}

void TestScenarioConsole::chatRunsFromTheEditorAndReopens()
{
    const QString yaml = m_dir.filePath(QStringLiteral("chat.yaml"));
    const QString users = m_dir.filePath(QStringLiteral("users.csv"));
    QVERIFY(QFile::copy(QStringLiteral(SCENARIOS_DIR "/chat.yaml"), yaml));
    QVERIFY(QFile::copy(QStringLiteral(SCENARIOS_DIR "/users.csv"), users));
    ChatProtocolServer server;
    QVERIFY(server.start(users, 200, 1000));

    MainWindow window;
    window.setHeadless(true);
    window.resize(1366, 768); // the README's screenshots are taken at the smallest screen the console fits
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.scenarioEditor()->openFile(yaml));
    window.loadPanel()->fromJson({{QStringLiteral("scenario"), QStringLiteral("file")},
                                  {QStringLiteral("target"), server.url().toString()},
                                  {QStringLiteral("connections"), 4},
                                  {QStringLiteral("rampPerSec"), 0},
                                  {QStringLiteral("threads"), 1},
                                  {QStringLiteral("durationSec"), 4},
                                  {QStringLiteral("thresholds"), QStringLiteral("say_ack.p99<2000ms")}});
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    window.scenarioEditor()->runButton()->click(); // with a target of its own: the load only
    QVERIFY(window.runController()->isLoadRunning());
    QVERIFY(!window.runController()->isServerRunning());
    QVERIFY(stopped.wait(ConsoleRig::kRunEndsWithinMs));
    window.charts()->flush();

    const Session &ran = window.sessionModel()->session();
    const QJsonObject load = ran.config.value(QLatin1String("load")).toObject();
    QCOMPARE(load.value(QLatin1String("scenarioText")).toString(), window.scenarioEditor()->text());
    QCOMPARE(load.value(QLatin1String("scenarioCsv")).toString(), QStringLiteral("users.csv"));
    QVERIFY(server.says() > 0);
    const QStringList latency = window.charts()->latencyChart()->seriesNames();
    QVERIFY2(latency.contains(QStringLiteral("say_ack p50")) && latency.contains(QStringLiteral("say_ack p99")),
             qPrintable(latency.join(QLatin1String(", "))));
    QVERIFY(window.charts()->rateChart()->seriesNames().contains(QStringLiteral("ticks/s")));
    QVERIFY(window.charts()->metricPicker()->names().contains(QStringLiteral("join")));

    const QTableWidget *summary = window.comparePanel()->table();
    const int p99Row = int(column(summary, 0).indexOf(QStringLiteral("say_ack p99")));
    QVERIFY2(p99Row >= 0, qPrintable(column(summary, 0).join(QLatin1String(", "))));
    QVERIFY(summary->item(p99Row, 1)->text().endsWith(QLatin1String(" ms")));
    QVERIFY(column(summary, 0).contains(QStringLiteral("ticks (counter)")));
    QVERIFY(column(summary, 0).contains(QStringLiteral("Threshold say_ack.p99<2000ms")));

    QVERIFY(window.grab().save(QStringLiteral(SCREENSHOT_DIR "/scenario-charts.png")));

    // Picking a metric off takes its series out; the other stays.
    window.charts()->metricPicker()->setPicked(QStringLiteral("say_ack"), false);
    window.charts()->flush();
    QVERIFY(!window.charts()->latencyChart()->seriesNames().contains(QStringLiteral("say_ack p99")));
    window.charts()->metricPicker()->setPicked(QStringLiteral("say_ack"), true);

    const QString saved = m_dir.filePath(QStringLiteral("chat-run.json"));
    QVERIFY(window.saveSession(saved));
    // The editor with a typo, as a user sees it before Run is allowed again.
    window.centreTabs()->setCurrentWidget(window.scenarioEditor());
    window.scenarioEditor()->editor()->setPlainText(window.scenarioEditor()->text().replace(QLatin1String("think:"), QLatin1String("thnik:")));
    window.scenarioEditor()->validateNow();
    QVERIFY(!window.scenarioEditor()->isValid());
    QVERIFY(window.grab().save(QStringLiteral(SCREENSHOT_DIR "/scenario-editor.png")));
    QFile::remove(yaml); // what ran comes from the session, not from the file

    MainWindow reopened;
    reopened.setHeadless(true);
    QVERIFY(reopened.fileActions()->openSession(saved));
    reopened.charts()->flush();
    QTabWidget *tabs = reopened.centreTabs();
    QVERIFY(tabs->isTabVisible(tabs->indexOf(reopened.scenarioRanView())));
    QCOMPARE(reopened.scenarioRanView()->text(), load.value(QLatin1String("scenarioText")).toString());
    reopened.resize(1366, 768);
    reopened.show();
    QVERIFY(QTest::qWaitForWindowExposed(&reopened));
    tabs->setCurrentWidget(reopened.scenarioRanView());
    QVERIFY(reopened.grab().save(QStringLiteral(SCREENSHOT_DIR "/scenario-whatran.png")));
    tabs->setCurrentWidget(reopened.charts());
    QVERIFY(reopened.charts()->latencyChart()->seriesNames().contains(QStringLiteral("say_ack p99")));
    QVERIFY(column(reopened.comparePanel()->table(), 0).contains(QStringLiteral("say_ack p99")));

    // Compared with itself: the named rows side by side.
    QVERIFY(reopened.fileActions()->compareWith(saved));
    const QTableWidget *compared = reopened.comparePanel()->table();
    const int row = int(column(compared, 0).indexOf(QStringLiteral("say_ack p99")));
    QVERIFY(row >= 0);
    QCOMPARE(compared->item(row, 2)->text(), compared->item(row, 1)->text());
    QVERIFY(reopened.charts()->latencyChart()->seriesNames().contains(ComparisonSeries::of(QStringLiteral("say_ack p99"))));
}

void TestScenarioConsole::timeoutsShowPerMetricInTheEventLog()
{
    QTemporaryDir dir;
    const QString users = dir.filePath(QStringLiteral("users.csv"));
    QVERIFY(QFile::copy(QStringLiteral(SCENARIOS_DIR "/users.csv"), users));
    ChatProtocolServer server;
    QVERIFY(server.start(users, 200, 1000));
    server.setAcksSays(false);

    MainWindow window;
    window.setHeadless(true);
    // Untitled text: its data.csv is looked for in the temporary folder, so this one names none.
    window.scenarioEditor()->setText(QStringLiteral("connect: {headers: {Authorization: Bearer tok-alice-7f3a}}\n"
                                                    "steps:\n  - await: {match: {type: welcome}, timeout: 5s}\n"
                                                    "  - repeat: forever\n    steps:\n"
                                                    "      - send: '{\"type\":\"say\",\"id\":{{seq}}}'\n"
                                                    "        await: {match: {type: ack}, timeout: 300ms, metric: say_ack}\n"));
    QVERIFY2(window.scenarioEditor()->isValid(), qPrintable(window.scenarioEditor()->problem()));
    QUrl url = server.url();
    url.setQuery(QStringLiteral("user=alice"));
    window.loadPanel()->fromJson({{QStringLiteral("scenario"), QStringLiteral("file")},
                                  {QStringLiteral("target"), url.toString()},
                                  {QStringLiteral("connections"), 1},
                                  {QStringLiteral("threads"), 1},
                                  {QStringLiteral("durationSec"), 3}});
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    window.scenarioEditor()->runButton()->click();
    QVERIFY(stopped.wait(ConsoleRig::kRunEndsWithinMs));
    QVERIFY2(ConsoleRig::hasEvent(window.sessionModel(), QStringLiteral("say_ack.timeouts"), QStringLiteral("say_ack.timeouts: +")),
             qPrintable(window.sessionModel()->session().events.isEmpty() ? QString() : window.sessionModel()->session().events.last().message));
}

QTEST_MAIN(TestScenarioConsole)
#include "tst_scenarioconsole.moc"
