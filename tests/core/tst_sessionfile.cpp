#include <sessionfile.h>

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

class TestSessionFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void rejectsBrokenFiles_data();
    void rejectsBrokenFiles();
    void failedSaveKeepsTheOldFile();
    void eventsKeepTheirSeverity();
};

namespace {

Session exampleSession()
{
    Session s;
    s.config = QJsonObject{{QStringLiteral("connections"), 1000}};
    for (int i = 1; i <= 3; ++i) {
        MetricSample m;
        m.source = QStringLiteral("load");
        m.elapsedSec = i;
        m.messagesReceived = quint64(i) * 1000;
        m.latency = LatencySummary{1, 2, 3, 4, 5, 1000};
        s.samples.append(m);
    }
    s.events.append({1.5, QStringLiteral("load"), QStringLiteral("connect_failed"), QStringLiteral("refused")});
    s.summary = QJsonObject{{QStringLiteral("p99Ms"), 3.0}};
    return s;
}

} // namespace

void TestSessionFile::roundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QString error;
    const Session original = exampleSession();
    QVERIFY2(SessionFile::save(path, original, &error), qPrintable(error));
    const auto loaded = SessionFile::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->toJson(), original.toJson());
    QCOMPARE(loaded->samples.size(), 3);
    QCOMPARE(loaded->events.first().kind, QStringLiteral("connect_failed"));
}

void TestSessionFile::rejectsBrokenFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    const QByteArray good = QJsonDocument(exampleSession().toJson()).toJson();
    QTest::newRow("truncated") << good.left(good.size() / 2) << QStringLiteral("truncated or corrupt");
    QTest::newRow("not json") << QByteArray("\x89PNG\r\n") << QStringLiteral("invalid JSON");
    QTest::newRow("other format") << QByteArray(R"({"format":"har","version":1,"samples":[]})") << QStringLiteral("\"format\"");
    QTest::newRow("future version") << QByteArray(R"({"format":"socketscope-session","version":99,"samples":[]})")
                                    << QStringLiteral("newer SocketScope");
    QTest::newRow("bad sample") << QByteArray(R"({"format":"socketscope-session","version":1,"samples":[{"x":1}]})")
                                << QStringLiteral("sample 0");
    QTest::newRow("no samples") << QByteArray(R"({"format":"socketscope-session","version":1})") << QStringLiteral("samples");
}

void TestSessionFile::rejectsBrokenFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    QString error;
    QVERIFY(!SessionFile::load(path, &error));
    QVERIFY2(error.contains(expected) && error.contains(path), qPrintable(error));
}

void TestSessionFile::failedSaveKeepsTheOldFile()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(!SessionFile::save(dir.filePath(QStringLiteral("missing-dir/run.json")), exampleSession(), &error));
    QVERIFY(error.contains(QStringLiteral("cannot write")));
}

void TestSessionFile::eventsKeepTheirSeverity()
{
    // Set by the console, implied by the kind (engines name kinds), or read from a file written before severities.
    const SessionEvent set{1, QStringLiteral("console"), QStringLiteral("run_warning"), QStringLiteral("x"), SessionEvent::Severity::Error};
    QCOMPARE(SessionEvent::fromJson(set.toJson()).level(), SessionEvent::Severity::Error);
    const SessionEvent implied{1, QStringLiteral("load"), QStringLiteral("connect_http_503"), QStringLiteral("x")};
    QCOMPARE(implied.toJson().value(QLatin1String("severity")).toString(), QStringLiteral("error"));
    QCOMPARE(SessionEvent({1, QStringLiteral("load"), QStringLiteral("send_skipped_no_connection"), {}}).level(),
             SessionEvent::Severity::Warning);
    QCOMPARE(SessionEvent({1, QStringLiteral("console"), QStringLiteral("child_started"), {}}).level(), SessionEvent::Severity::Info);
    const QJsonObject old{{QStringLiteral("t"), 9}, {QStringLiteral("source"), QStringLiteral("load")},
                          {QStringLiteral("kind"), QStringLiteral("threshold")}, {QStringLiteral("message"), QStringLiteral("p99<5ms: 9 ms, FAILED")}};
    QCOMPARE(SessionEvent::fromJson(old).level(), SessionEvent::Severity::Error);
}

QTEST_GUILESS_MAIN(TestSessionFile)
#include "tst_sessionfile.moc"
