#include <chatprotocolserver.h>
#include <sessionfile.h>

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// socketscope-load --scenario-file: what is refused before a connection opens, and whole runs against
// the chat protocol server (in this process, so the load is waited for without blocking it).
class TestScenarioCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void malformedFilesExit2WithTheirPosition_data();
    void malformedFilesExit2WithTheirPosition();
    void refusedCombinations_data();
    void refusedCombinations();
    void dryRunShowsConnectionZero();
    void chatRunsWithNamedMetricsAndThresholds_data();
    void chatRunsWithNamedMetricsAndThresholds();

private:
    static int run(const QStringList &args, QString *out, QString *err);
    static int runServed(const QStringList &args, QString *out, QString *err);
    QString write(const QString &name, const QByteArray &text);

    QTemporaryDir m_dir;
};

int TestScenarioCli::run(const QStringList &args, QString *out, QString *err)
{
    QProcess load;
    load.start(QStringLiteral(LOAD_BINARY), args);
    if (!load.waitForFinished(30000))
        return -1;
    *out = QString::fromLocal8Bit(load.readAllStandardOutput());
    *err = QString::fromLocal8Bit(load.readAllStandardError());
    return load.exitStatus() == QProcess::NormalExit ? load.exitCode() : -2;
}

// The same, with this thread's event loop running while the load runs (for servers in this process).
int TestScenarioCli::runServed(const QStringList &args, QString *out, QString *err)
{
    QProcess load;
    QSignalSpy finished(&load, &QProcess::finished);
    load.start(QStringLiteral(LOAD_BINARY), args);
    if (!finished.wait(60000))
        return -1;
    *out = QString::fromLocal8Bit(load.readAllStandardOutput());
    *err = QString::fromLocal8Bit(load.readAllStandardError());
    return load.exitStatus() == QProcess::NormalExit ? load.exitCode() : -2;
}

QString TestScenarioCli::write(const QString &name, const QByteArray &text)
{
    QFile f(m_dir.filePath(name));
    if (f.open(QIODevice::WriteOnly))
        f.write(text);
    return f.fileName();
}

void TestScenarioCli::malformedFilesExit2WithTheirPosition_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("yaml syntax") << QStringLiteral("a.yaml") << QByteArray("steps: [{think: 1s}\n") << QStringLiteral(":2:1: expected valid YAML");
    QTest::newRow("unknown key") << QStringLiteral("b.yaml") << QByteArray("steps:\n  - thinkk: 1s\n") << QStringLiteral(":2:5: unknown key \"thinkk\"");
    QTest::newRow("unknown template") << QStringLiteral("c.yaml") << QByteArray("steps:\n  - send: 'x{{sq}}'\n")
                                      << QStringLiteral(":2:13: unknown template name \"sq\"");
    QTest::newRow("missing csv") << QStringLiteral("d.yaml") << QByteArray("data: {csv: nowhere.csv}\nsteps: [{think: 1s}]\n")
                                 << QStringLiteral(":1:13: expected a readable CSV file");
    QTest::newRow("json") << QStringLiteral("e.json") << QByteArray(R"({"steps": [{"send": "x", "await": {"timeout": "1s"}}]})")
                          << QStringLiteral(":1:35: expected one of match, contains, equals or starts_with");
}

void TestScenarioCli::malformedFilesExit2WithTheirPosition()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    const QString path = write(name, text);
    QString out, err;
    QCOMPARE(run({QStringLiteral("--scenario-file"), path, QStringLiteral("ws://127.0.0.1:1/")}, &out, &err), 2);
    QVERIFY2(err.startsWith(path + error), qPrintable(err)); // "file:line:column: ..." first, for editors
    QVERIFY(out.isEmpty());
}

void TestScenarioCli::refusedCombinations_data()
{
    const QString chat = QStringLiteral(SCENARIOS_DIR "/chat.yaml");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("threshold on an undefined metric")
        << QStringList{QStringLiteral("--scenario-file"), chat, QStringLiteral("--threshold"), QStringLiteral("say_akc.p99<50ms")}
        << QStringLiteral("names say_akc, which the scenario does not define");
    QTest::newRow("named threshold without a file")
        << QStringList{QStringLiteral("--threshold"), QStringLiteral("say_ack.p99<50ms")} << QStringLiteral("does not define");
    QTest::newRow("dry run without a file") << QStringList{QStringLiteral("--dry-run")} << QStringLiteral("--dry-run needs --scenario-file");
    QTest::newRow("file and built-in scenario")
        << QStringList{QStringLiteral("--scenario-file"), chat, QStringLiteral("--scenario"), QStringLiteral("idle")}
        << QStringLiteral("--scenario-file replaces --scenario");
    QTest::newRow("built-in scenario's flags")
        << QStringList{QStringLiteral("--scenario-file"), chat, QStringLiteral("--rate"), QStringLiteral("100")}
        << QStringLiteral("--rate is for the built-in scenarios");
    QTest::newRow("more connections than unique rows")
        << QStringList{QStringLiteral("--scenario-file"), QStringLiteral("UNIQUE"), QStringLiteral("-c"), QStringLiteral("9")}
        << QStringLiteral("9 connections need 9 rows, the file has 8");
}

void TestScenarioCli::refusedCombinations()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    QByteArray unique = "data: {csv: " SCENARIOS_DIR "/users.csv, order: unique}\nsteps: [{think: 1s}]\n";
    args.replaceInStrings(QStringLiteral("UNIQUE"), write(QStringLiteral("unique.yaml"), unique));
    QString out, err;
    QCOMPARE(run(args, &out, &err), 2);
    QVERIFY2(err.startsWith(QLatin1String("socketscope-load: ")) && err.contains(mentions), qPrintable(err));
    QVERIFY(out.isEmpty());
}

void TestScenarioCli::dryRunShowsConnectionZero()
{
    QString out, err;
    QCOMPARE(run({QStringLiteral("--scenario-file"), QStringLiteral(SCENARIOS_DIR "/chat.yaml"), QStringLiteral("--dry-run"),
                  QStringLiteral("--threshold"), QStringLiteral("say_ack.p99<50ms"), QStringLiteral("--threshold"),
                  QStringLiteral("ticks.rate>=100"), QStringLiteral("ws://127.0.0.1:1/chat")},
                 &out, &err),
             0);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    for (const char *line : {"connection 0 (row 1 of 8 in users.csv)",
                             "URL      ws://127.0.0.1:1/chat?user=alice",
                             "Header   Authorization: Bearer tok-alice-7f3a",
                             "  await {type: welcome}  (timeout 5s)",
                             "  send  {\"type\":\"join\",\"room\":\"lobby\"}",
                             "  await {type: joined}  (timeout 5s, metric join)",
                             "  repeat 100 times (first pass shown)",
                             "    send  {\"type\":\"say\",\"id\":2,\"text\":\"hello from alice\"}",
                             "    await {type: ack, id: {{seq}}}  (timeout 2s, metric say_ack)",
                             "    think 100ms..300ms",
                             "  close 1000",
                             "  {type: ping}  -> reply {\"type\":\"pong\",\"n\":{{msg.n}}}",
                             "  {type: tick}  -> count ticks, latency ticks from field ts",
                             "Metrics: ticks, join, say_ack; counters: ticks"})
        QVERIFY2(out.contains(QString::fromUtf8(line)), qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(QString::fromUtf8(line), out)));
}

void TestScenarioCli::chatRunsWithNamedMetricsAndThresholds_data()
{
    QTest::addColumn<QString>("threshold");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("passing") << QStringLiteral("say_ack.p99<5s") << 0;
    QTest::newRow("failing") << QStringLiteral("say_ack.p99<1us") << 3;
}

void TestScenarioCli::chatRunsWithNamedMetricsAndThresholds()
{
    QFETCH(QString, threshold);
    QFETCH(int, exitCode);
    ChatProtocolServer server;
    QVERIFY(server.start(QStringLiteral(SCENARIOS_DIR "/users.csv"), 50, 50));
    // chat.yaml, shortened, beside a copy of users.csv.
    QFile original(QStringLiteral(SCENARIOS_DIR "/chat.yaml")), users(QStringLiteral(SCENARIOS_DIR "/users.csv"));
    QVERIFY(original.open(QIODevice::ReadOnly) && users.open(QIODevice::ReadOnly));
    const QByteArray yaml = original.readAll().replace("repeat: 100", "repeat: 3").replace("think: 100ms..300ms", "think: 10ms");
    const QString file = write(QStringLiteral("chat.yaml"), yaml);
    write(QStringLiteral("users.csv"), users.readAll());
    const QString session = m_dir.filePath(QStringLiteral("chat-run.json"));
    QString out, err;
    QCOMPARE(runServed({QStringLiteral("--scenario-file"), file, QStringLiteral("-c"), QStringLiteral("8"), QStringLiteral("-d"),
                        QStringLiteral("30"), QStringLiteral("--threshold"), threshold, QStringLiteral("--threshold"),
                        QStringLiteral("say_ack.timeouts<0.1%"), QStringLiteral("--out"), session, QStringLiteral("--quiet"),
                        server.url().toString()},
                       &out, &err),
             exitCode);
    QCOMPARE(server.says(), 3 * 8);
    QCOMPARE(server.closedWith(1000), 8);
    for (const char *row : {"  join                   8 matched, 0 timeouts", "  say_ack                24 matched, 0 timeouts",
                            "  unmatched messages     0\n", "say_ack.timeouts<0.1%: 0 %, passed"})
        QVERIFY2(out.contains(QLatin1String(row)), qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(QLatin1String(row), out)));
    const QString verdict = exitCode == 0 ? QStringLiteral("passed") : QStringLiteral("FAILED");
    QVERIFY2(QRegularExpression(QRegularExpression::escape(threshold) + QStringLiteral(": .* ms, ") + verdict).match(out).hasMatch(),
             qPrintable(out));
    QVERIFY(!out.contains(QLatin1String("latency p50/p90"))); // the file's latencies are its named metrics
    QString error;
    const auto saved = SessionFile::load(session, &error);
    QVERIFY2(saved, qPrintable(error));
    QCOMPARE(saved->config.value(QLatin1String("scenarioText")).toString().toUtf8(), yaml);
    QCOMPARE(saved->config.value(QLatin1String("scenarioCsv")).toString(), QStringLiteral("users.csv"));
    QCOMPARE(saved->summary.value(QLatin1String("metrics")).toObject().value(QLatin1String("say_ack")).toObject().value(QLatin1String("count")).toInt(),
             24);
}

QTEST_GUILESS_MAIN(TestScenarioCli)
#include "tst_scenariocli.moc"
