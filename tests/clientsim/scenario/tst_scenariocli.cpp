#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// socketscope-load --scenario-file: everything that happens before a connection would open.
class TestScenarioCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void malformedFilesExit2WithTheirPosition_data();
    void malformedFilesExit2WithTheirPosition();
    void refusedCombinations_data();
    void refusedCombinations();
    void dryRunShowsConnectionZero();
    void validFileWaitsForTheNewEngine();

private:
    static int run(const QStringList &args, QString *out, QString *err);
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

void TestScenarioCli::validFileWaitsForTheNewEngine()
{
    QString out, err;
    QCOMPARE(run({QStringLiteral("--scenario-file"), QStringLiteral(SCENARIOS_DIR "/echo.yaml")}, &out, &err), 2);
    QVERIFY2(err.contains(QLatin1String("run once the new load engine is merged")), qPrintable(err));
}

QTEST_GUILESS_MAIN(TestScenarioCli)
#include "tst_scenariocli.moc"
