// The Scenario tab: checked as it is typed with line:column, Run and Start refused while the text
// is invalid, saving through QSaveFile, and what Run hands socketscope-load.
#include <codeeditor.h>
#include <consolerun.h>
#include <loadpanel.h>
#include <mainwindow.h>
#include <scenarioeditor.h>

#include <QCoreApplication>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestScenarioEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void malformedShowsLineColumnAndDisablesRun_data();
    void malformedShowsLineColumnAndDisablesRun();
    void typingIsCheckedAfterAPause();
    void chatFileNamesItsMetrics();
    void runUsesTheTextOnScreen();
    void thresholdOnAnUnknownMetricIsRefused();

private:
    QString copyChat(); // chat.yaml and users.csv in m_dir; returns the yaml's path
    QTemporaryDir m_dir;
};

void TestScenarioEditor::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SocketScopeTests"));
    QVERIFY(m_dir.isValid());
}

QString TestScenarioEditor::copyChat()
{
    const QString yaml = m_dir.filePath(QStringLiteral("chat.yaml"));
    QFile::remove(yaml);
    QFile::remove(m_dir.filePath(QStringLiteral("users.csv")));
    if (!QFile::copy(QStringLiteral(SCENARIOS_DIR "/chat.yaml"), yaml)
        || !QFile::copy(QStringLiteral(SCENARIOS_DIR "/users.csv"), m_dir.filePath(QStringLiteral("users.csv"))))
        return {};
    QFile::setPermissions(yaml, QFile::ReadOwner | QFile::WriteOwner);
    return yaml;
}

void TestScenarioEditor::malformedShowsLineColumnAndDisablesRun_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown key") << QStringLiteral("steps:\n  - send: hi\n  - sned: hi\n") << 3 << QStringLiteral("untitled.yaml:3:");
    QTest::newRow("bad duration") << QStringLiteral("steps:\n  - think: soon\n") << 2 << QStringLiteral("untitled.yaml:2:");
    QTest::newRow("unknown template") << QStringLiteral("steps:\n  - send: 'x'\n  - send: '{{nope}}'\n") << 3
                                      << QStringLiteral("untitled.yaml:3:");
    QTest::newRow("broken YAML") << QStringLiteral("steps:\n  - send: [1, 2\n") << 3 << QStringLiteral("untitled.yaml:3:");
}

void TestScenarioEditor::malformedShowsLineColumnAndDisablesRun()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, expected);
    MainWindow window;
    ScenarioEditor *editor = window.scenarioEditor();
    window.loadPanel()->useScenarioFile();
    auto *start = window.loadPanel()->findChild<QPushButton *>(QStringLiteral("startLoadButton"));
    auto *panelProblem = window.loadPanel()->findChild<QLabel *>(QStringLiteral("loadProblemLabel"));

    editor->setText(text);
    QVERIFY2(editor->problem().startsWith(expected), qPrintable(editor->problem()));
    QCOMPARE(editor->problemLine(), line);
    QCOMPARE(editor->editor()->markedLine(), line);
    QVERIFY(!editor->runButton()->isEnabled());
    QVERIFY(!start->isEnabled());
    QVERIFY(!panelProblem->text().isEmpty());
    QVERIFY(panelProblem->toolTip().startsWith(expected));
    QVERIFY(window.findChild<ConsoleRun *>()->validationError(true).contains(expected));

    // Fixed, everything runs again.
    editor->setText(QStringLiteral("steps:\n  - send: hi\n"));
    QVERIFY2(editor->isValid(), qPrintable(editor->problem()));
    QCOMPARE(editor->editor()->markedLine(), 0);
    QVERIFY(editor->runButton()->isEnabled());
    QVERIFY(start->isEnabled());
    QVERIFY(panelProblem->text().isEmpty());
}

void TestScenarioEditor::typingIsCheckedAfterAPause()
{
    ScenarioEditor editor;
    editor.setText(QStringLiteral("steps:\n  - send: hi\n"));
    QVERIFY(editor.isValid());
    QSignalSpy validated(&editor, &ScenarioEditor::validated);
    editor.editor()->moveCursor(QTextCursor::End);
    QTest::keyClicks(editor.editor(), QStringLiteral("  - thnik: 1s"));
    QVERIFY(validated.isEmpty()); // nothing checked per key: only the timer, which needs the event loop
    QTRY_VERIFY(!validated.isEmpty());
    QCOMPARE(validated.size(), 1);
    QVERIFY(!editor.isValid());
    QCOMPARE(editor.problemLine(), 3);
}

void TestScenarioEditor::chatFileNamesItsMetrics()
{
    const QString path = copyChat();
    QVERIFY(!path.isEmpty());
    ScenarioEditor editor;
    QVERIFY(editor.openFile(path));
    QVERIFY2(editor.isValid(), qPrintable(editor.problem()));
    QStringList metrics = editor.metricNames();
    metrics.sort();
    QCOMPARE(metrics, (QStringList{QStringLiteral("join"), QStringLiteral("say_ack"), QStringLiteral("ticks")})); // ticks: latency_from
    QCOMPARE(editor.counterNames(), QStringList{QStringLiteral("ticks")});
    QCOMPARE(editor.runConfig().value(QLatin1String("scenarioCsv")).toString(), QStringLiteral("users.csv"));
    // Without its CSV the same text cannot run: row.user has nothing to name.
    QFile::remove(m_dir.filePath(QStringLiteral("users.csv")));
    editor.validateNow();
    QVERIFY2(editor.problem().startsWith(QLatin1String("chat.yaml:7:")) && editor.problem().contains(QLatin1String("readable CSV")),
             qPrintable(editor.problem()));
}

void TestScenarioEditor::runUsesTheTextOnScreen()
{
    const QString path = copyChat();
    QVERIFY(!path.isEmpty());
    ScenarioEditor editor;
    QVERIFY(editor.openFile(path));
    QString error;
    QCOMPARE(editor.fileToRun(&error), QFileInfo(path).absoluteFilePath()); // saved: the file itself

    // Edited and not saved: a copy next to it, so users.csv still resolves; the file is untouched.
    const QByteArray original = readAll(path);
    editor.editor()->moveCursor(QTextCursor::End);
    editor.editor()->insertPlainText(QStringLiteral("# edited\n"));
    const QString copy = editor.fileToRun(&error);
    QVERIFY2(!copy.isEmpty(), qPrintable(error));
    QCOMPARE(QFileInfo(copy).path(), QFileInfo(path).path());
    QCOMPARE(readAll(copy), editor.text().toUtf8());
    QCOMPARE(readAll(path), original);
    QCOMPARE(editor.runConfig().value(QLatin1String("scenarioText")).toString(), editor.text());
    QCOMPARE(editor.runConfig().value(QLatin1String("scenarioFile")).toString(), QStringLiteral("chat.yaml"));

    QVERIFY(editor.save());
    QCOMPARE(readAll(path), editor.text().toUtf8());
    QCOMPARE(editor.fileToRun(&error), QFileInfo(path).absoluteFilePath());

    editor.setText(QStringLiteral("steps: [{sned: x}]\n"));
    QVERIFY(editor.fileToRun(&error).isEmpty());
    QVERIFY(error.startsWith(QLatin1String("untitled.yaml:1:")));
}

void TestScenarioEditor::thresholdOnAnUnknownMetricIsRefused()
{
    const QString path = copyChat();
    QVERIFY(!path.isEmpty());
    MainWindow window;
    QVERIFY(window.scenarioEditor()->openFile(path));
    QJsonObject load = window.loadPanel()->toJson();
    load.insert(QStringLiteral("scenario"), QStringLiteral("file"));
    load.insert(QStringLiteral("thresholds"), QStringLiteral("say_akc.p99<50ms"));
    window.loadPanel()->fromJson(load);
    const QString error = window.findChild<ConsoleRun *>()->validationError(true);
    QVERIFY2(error.contains(QLatin1String("say_akc")) && error.contains(QLatin1String("say_ack")), qPrintable(error));
    load.insert(QStringLiteral("thresholds"), QStringLiteral("say_ack.p99<50ms, ticks.rate>=1"));
    window.loadPanel()->fromJson(load);
    QCOMPARE(window.findChild<ConsoleRun *>()->validationError(true), QString());
}

QTEST_MAIN(TestScenarioEditor)
#include "tst_scenarioeditor.moc"
