#include <jsonline.h>

#include <QTest>

class TestJsonLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sampleRoundTrip();
    void eventSummaryAndReadyRoundTrip();
    void sessionRoundTrip();
    void rejectsWhatIsNotALine_data();
    void rejectsWhatIsNotALine();
};

void TestJsonLine::sampleRoundTrip()
{
    MetricSample sample;
    sample.source = QStringLiteral("server");
    sample.elapsedSec = 3;
    sample.connections = 42;
    sample.connectionsPerWorker = {20, 22};
    const JsonLine line = JsonLine::parse(JsonLine::fromSample(sample));
    QCOMPARE(line.kind, JsonLine::Kind::Sample);
    QCOMPARE(line.sample.connections, quint64(42));
    QCOMPARE(line.sample.connectionsPerWorker, (QVector<quint64>{20, 22}));
}

void TestJsonLine::eventSummaryAndReadyRoundTrip()
{
    const SessionEvent event{2.5, QStringLiteral("load"), QStringLiteral("connect_http_503"), QStringLiteral("refused")};
    const JsonLine e = JsonLine::parse(JsonLine::fromEvent(event));
    QCOMPARE(e.kind, JsonLine::Kind::Event);
    QCOMPARE(e.event.elapsedSec, 2.5);
    QCOMPARE(e.event.kind, event.kind);
    QCOMPARE(e.event.message, event.message);

    const JsonLine s = JsonLine::parse(JsonLine::fromSummary({{QStringLiteral("p99Ms"), 12.5}}));
    QCOMPARE(s.kind, JsonLine::Kind::Summary);
    QCOMPARE(s.object.value(QLatin1String("p99Ms")).toDouble(), 12.5);

    const JsonLine r = JsonLine::parse(JsonLine::fromReady({{QStringLiteral("echo"), QStringLiteral("ws://127.0.0.1:1/ws")}}));
    QCOMPARE(r.kind, JsonLine::Kind::Ready);
    QCOMPARE(r.object.value(QLatin1String("echo")).toString(), QStringLiteral("ws://127.0.0.1:1/ws"));
}

// A remote agent's whole run travels as one line (socketscope-load --json --out -).
void TestJsonLine::sessionRoundTrip()
{
    Session session;
    session.config = {{QStringLiteral("shardIndex"), 2}, {QStringLiteral("shardCount"), 3}};
    MetricSample sample;
    sample.source = QStringLiteral("load");
    sample.connections = 7;
    session.samples = {sample};
    session.events = {{1.5, QStringLiteral("load"), QStringLiteral("threshold"), QStringLiteral("p99<50ms: passed")}};
    session.summary = {{QStringLiteral("messagesReceived"), 99}};
    const JsonLine line = JsonLine::parse(JsonLine::fromSession(session));
    QCOMPARE(line.kind, JsonLine::Kind::Session);
    QVERIFY(!JsonLine::fromSession(session).contains('\n'));
    QCOMPARE(line.session.config, session.config);
    QCOMPARE(line.session.samples.size(), 1);
    QCOMPARE(line.session.samples.first().connections, quint64(7));
    QCOMPARE(line.session.events.first().message, session.events.first().message);
    QCOMPARE(line.session.summary, session.summary);
}

void TestJsonLine::rejectsWhatIsNotALine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("not json") << QByteArray("socketscope-server listening on ...");
    QTest::newRow("array") << QByteArray("[1,2]");
    QTest::newRow("truncated") << QByteArray(R"({"source":"load","t":)");
    QTest::newRow("sample without source") << QByteArray(R"({"t":1})");
    QTest::newRow("unknown type") << QByteArray(R"({"type":"gossip"})");
    QTest::newRow("session of another format") << QByteArray(R"({"type":"session","session":{"format":"har"}})");
}

void TestJsonLine::rejectsWhatIsNotALine()
{
    QFETCH(QByteArray, line);
    const JsonLine parsed = JsonLine::parse(line);
    QCOMPARE(parsed.kind, JsonLine::Kind::Invalid);
    QVERIFY(!parsed.error.isEmpty());
}

QTEST_GUILESS_MAIN(TestJsonLine)
#include "tst_jsonline.moc"
