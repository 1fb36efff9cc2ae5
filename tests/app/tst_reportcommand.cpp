// `socketscope report` as CI runs it: a real process, session files in, an HTML file out.
#include <runsummary.h>
#include <sessionfile.h>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestReportCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void reportOfOneSession();
    void reportComparingTwo();
    void badUsageExitsWith2_data();
    void badUsageExitsWith2();
    void corruptSessionExitsWith1();

private:
    struct Result
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Result report(const QStringList &arguments);
    QString writeSession(const QString &name, double p99Ms, const QString &thresholds);

    QTemporaryDir m_dir;
};

void TestReportCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

TestReportCommand::Result TestReportCommand::report(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY")); // CI has none
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(CONSOLE_BINARY), QStringList{QStringLiteral("report")} + arguments);
    Result r;
    if (!process.waitForFinished(60000))
        return r;
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    r.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(process.readAllStandardError());
    return r;
}

// A ten-second echo run of 500 connections as the console saves it.
QString TestReportCommand::writeSession(const QString &name, double p99Ms, const QString &thresholds)
{
    Session session;
    session.config = {{QStringLiteral("startedAtMs"), 1764097200000.0},
                      {QStringLiteral("cores"), 2},
                      {QStringLiteral("serverIdleRssBytes"), 18.0 * 1024 * 1024},
                      {QStringLiteral("server"), QJsonObject{{QStringLiteral("mode"), QStringLiteral("embedded")}, {QStringLiteral("workers"), 2}}},
                      {QStringLiteral("load"), QJsonObject{{QStringLiteral("scenario"), QStringLiteral("echo")},
                                                           {QStringLiteral("connections"), 500},
                                                           {QStringLiteral("durationSec"), 10},
                                                           {QStringLiteral("thresholds"), thresholds}}}};
    for (int t = 1; t <= 10; ++t) {
        for (const QString &source : {QStringLiteral("server"), QStringLiteral("load")}) {
            MetricSample s;
            s.source = source;
            s.elapsedSec = t;
            s.timestampMs = 1764097200000 + t * 1000;
            s.connections = 500;
            s.messagesSent = s.messagesReceived = quint64(t) * 30000;
            s.process.rssBytes = (source == QLatin1String("server") ? 26 : 40) * 1024 * 1024;
            s.process.cpuPercent = 60;
            s.process.valid = true;
            if (source == QLatin1String("load"))
                s.latency = LatencySummary{p99Ms / 3, p99Ms / 2, p99Ms, p99Ms, p99Ms, 30000};
            session.samples << s;
        }
    }
    RunSummary summary;
    summary.durationSec = 10;
    summary.peakConnections = 500;
    summary.messagesSent = summary.messagesReceived = 300000;
    summary.ratePerSec = 30000;
    summary.p99Ms = p99Ms;
    session.summary = summary.toJson();
    const QString path = m_dir.filePath(name);
    QString error;
    return SessionFile::save(path, session, &error) ? path : QString();
}

void TestReportCommand::reportOfOneSession()
{
    const QString session = writeSession(QStringLiteral("passing.json"), 22.5, QStringLiteral("p99<50ms"));
    const QString html = m_dir.filePath(QStringLiteral("one.html"));
    const Result r = report({session, QStringLiteral("-o"), html});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("passing.json: PASS")), qPrintable(r.out));
    QVERIFY(r.out.contains(html));
    QFile file(html);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QLatin1String("class=\"verdict pass\"")));
    QVERIFY(text.contains(QLatin1String("<td>p99&lt;50ms</td><td class=\"n\">22.5 ms</td>")));
    QCOMPARE(text.count(QLatin1String("data:image/png;base64,")), 6);
    QVERIFY(text.contains(QLatin1String("2025-11-25"))); // the start as a date
    QVERIFY(!text.contains(QLatin1String("B vs A")));
}

void TestReportCommand::reportComparingTwo()
{
    const QString a = writeSession(QStringLiteral("before.json"), 22.5, QStringLiteral("p99<50ms"));
    const QString b = writeSession(QStringLiteral("after.json"), 61.0, QStringLiteral("p99<50ms"));
    const QString html = m_dir.filePath(QStringLiteral("two.html"));
    const Result r = report({a, b, QStringLiteral("--output"), html});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("after.json: FAIL: p99<50ms measured 61.0 ms")), qPrintable(r.out));
    QFile file(html);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QLatin1String("<th>A: before.json</th><th>B: after.json</th><th>B vs A</th>")));
    QVERIFY(text.contains(QLatin1String("class=\"n bad\">+171.1 %"))); // p99 got worse
    QVERIFY(text.contains(QLatin1String("Dashed lines")));
    QVERIFY(text.contains(QLatin1String("class=\"verdict fail\"")));
}

void TestReportCommand::badUsageExitsWith2_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no session") << QStringList{QStringLiteral("-o"), QStringLiteral("x.html")};
    QTest::newRow("no output") << QStringList{QStringLiteral("a.json")};
    QTest::newRow("three sessions") << QStringList{QStringLiteral("a.json"), QStringLiteral("b.json"), QStringLiteral("c.json"),
                                                   QStringLiteral("-o"), QStringLiteral("x.html")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--colour"), QStringLiteral("a.json")};
}

void TestReportCommand::badUsageExitsWith2()
{
    QFETCH(QStringList, arguments);
    const Result r = report(arguments);
    QCOMPARE(r.exitCode, 2);
    // One clear line (Qt may add its own warnings about the environment, e.g. XDG_RUNTIME_DIR).
    QCOMPARE(r.err.split(QLatin1Char('\n')).filter(QStringLiteral("socketscope report: ")).size(), 1);
}

void TestReportCommand::corruptSessionExitsWith1()
{
    const QString path = m_dir.filePath(QStringLiteral("corrupt.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format":"socketscope-session","version":1,"samples":[{"source":"load")");
    file.close();
    const Result r = report({path, QStringLiteral("-o"), m_dir.filePath(QStringLiteral("never.html"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("corrupt.json is not a readable SocketScope session")), qPrintable(r.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never.html"))));
}

QTEST_GUILESS_MAIN(TestReportCommand)
#include "tst_reportcommand.moc"
