#include <threshold.h>

#include <QJsonObject>
#include <QTest>

class TestThreshold : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decides_data();
    void decides();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void decidesOnNames_data();
    void decidesOnNames();
    void refusesUndefinedNames();
    void namedLatencyWithoutMatchesFails();
    void summaryKeepsNamesThroughJson();
};

namespace {

// say_ack: 998 matches and 2 timeouts (0.2 %), p99 12 ms; ticks: 2,000 counted in 10 s.
RunSummary namedSummary()
{
    RunSummary s;
    s.durationSec = 10;
    s.metrics.insert(QStringLiteral("say_ack"), NamedMetric{998, 2, LatencySummary{3, 6, 12, 20, 31, 998}});
    s.metrics.insert(QStringLiteral("ticks"), NamedMetric{2000, 0, LatencySummary{1, 1, 2, 2, 3, 2000}});
    s.metrics.insert(QStringLiteral("join"), NamedMetric{50, 0, LatencySummary{1, 1, 1, 1, 1, 50}});
    s.counters.insert(QStringLiteral("ticks"), 2000);
    s.counters.insert(QStringLiteral("news"), 50);
    return s;
}

} // namespace

void TestThreshold::decides_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("passes");
    // Against: p99 12 ms, 10,000 peak connections, 150 errors in 200,000 attempts, 25,000 msg/s.
    QTest::newRow("p99 under 50ms") << QStringLiteral("p99<50ms") << true;
    QTest::newRow("p99 under 10ms") << QStringLiteral("p99<10ms") << false;
    QTest::newRow("p99 in seconds") << QStringLiteral("p99 < 0.5s") << true;
    QTest::newRow("p99 in microseconds") << QStringLiteral("p99<11000us") << false;
    QTest::newRow("default unit is ms") << QStringLiteral("p99<=12") << true;
    QTest::newRow("errors percent") << QStringLiteral("errors<0.1%") << true;
    QTest::newRow("errors percent tight") << QStringLiteral("errors<0.05%") << false;
    QTest::newRow("errors count") << QStringLiteral("errors<100") << false;
    QTest::newRow("connections") << QStringLiteral("connections>=10000") << true;
    QTest::newRow("connections above") << QStringLiteral("connections>10000") << false;
    QTest::newRow("rate") << QStringLiteral("rate>=20000") << true;
    QTest::newRow("p99.9") << QStringLiteral("p99.9<20ms") << true;
}

void TestThreshold::decides()
{
    QFETCH(QString, text);
    QFETCH(bool, passes);
    RunSummary s;
    s.p99Ms = 12;
    s.p999Ms = 15;
    s.peakConnections = 10000;
    s.messagesSent = 190000;
    s.errors = 150; // 0.075 % of 200,000 attempts
    s.ratePerSec = 25000;
    QString error;
    const auto t = Threshold::parse(text, &error);
    QVERIFY2(t, qPrintable(error));
    QCOMPARE(t->passes(s), passes);
    QVERIFY(t->describe(s).contains(passes ? QStringLiteral("passed") : QStringLiteral("FAILED")));
}

void TestThreshold::rejectsMalformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("unknown metric") << QStringLiteral("p98<5ms");
    QTest::newRow("no operator") << QStringLiteral("p99 50ms");
    QTest::newRow("no number") << QStringLiteral("p99<ms");
    QTest::newRow("percent latency") << QStringLiteral("p99<5%");
    QTest::newRow("unit on a count") << QStringLiteral("connections>5ms");
    QTest::newRow("empty") << QString();
    QTest::newRow("unknown named field") << QStringLiteral("say_ack.p98<5ms");
    QTest::newRow("name with a dot") << QStringLiteral("say.ack.p99<5ms");
    QTest::newRow("percent on a count") << QStringLiteral("join.count<5%");
    QTest::newRow("unit on a rate") << QStringLiteral("ticks.rate>5ms");
    QTest::newRow("no name") << QStringLiteral(".p99<5ms");
}

void TestThreshold::rejectsMalformed()
{
    QFETCH(QString, text);
    QString error;
    QVERIFY(!Threshold::parse(text, &error));
    QVERIFY(!error.isEmpty());
}

void TestThreshold::decidesOnNames_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("passes");
    QTest::newRow("named p99") << QStringLiteral("say_ack.p99<50ms") << true;
    QTest::newRow("named p99 tight") << QStringLiteral("say_ack.p99<10ms") << false;
    QTest::newRow("named p99.9 in s") << QStringLiteral("say_ack.p99.9<0.021s") << true;
    QTest::newRow("named p999") << QStringLiteral("say_ack.p999<=19") << false;
    QTest::newRow("named max") << QStringLiteral("say_ack.max<40ms") << true;
    QTest::newRow("named p50 and p90") << QStringLiteral("say_ack.p90<7ms") << true;
    QTest::newRow("timeouts percent") << QStringLiteral("say_ack.timeouts<0.1%") << false;
    QTest::newRow("timeouts percent loose") << QStringLiteral("say_ack.timeouts<0.5%") << true;
    QTest::newRow("timeouts count") << QStringLiteral("say_ack.timeouts<=2") << true;
    QTest::newRow("count") << QStringLiteral("join.count>=50") << true;
    QTest::newRow("counter rate") << QStringLiteral("ticks.rate>=100") << true; // 2,000 in 10 s
    QTest::newRow("counter rate above") << QStringLiteral("ticks.rate>200") << false;
    QTest::newRow("metric rate without a counter") << QStringLiteral("join.rate>=5") << true;
}

void TestThreshold::decidesOnNames()
{
    QFETCH(QString, text);
    QFETCH(bool, passes);
    QString error;
    const auto t = Threshold::parse(text, &error);
    QVERIFY2(t, qPrintable(error));
    QVERIFY(!t->name().isEmpty());
    QCOMPARE(t->passes(namedSummary()), passes);
}

void TestThreshold::refusesUndefinedNames()
{
    const QStringList metrics{QStringLiteral("say_ack"), QStringLiteral("join")};
    const QStringList counters{QStringLiteral("ticks")};
    QString error;
    QVERIFY(Threshold::parse(QStringLiteral("say_ack.p99<50ms"), &error)->namesDefined(metrics, counters, &error));
    QVERIFY(Threshold::parse(QStringLiteral("ticks.rate>=100"), &error)->namesDefined(metrics, counters, &error));
    QVERIFY(Threshold::parse(QStringLiteral("p99<50ms"), &error)->namesDefined({}, {}, &error)); // built-in
    QVERIFY(!Threshold::parse(QStringLiteral("say_akc.p99<50ms"), &error)->namesDefined(metrics, counters, &error));
    QCOMPARE(error, QStringLiteral("threshold \"say_akc.p99<50ms\" names say_akc, which the scenario does not define as a "
                                   "metric (it defines: say_ack, join, ticks)"));
    // A counter has no latency.
    QVERIFY(!Threshold::parse(QStringLiteral("ticks.p99<5ms"), &error)->namesDefined(metrics, counters, &error));
    QVERIFY(!Threshold::parse(QStringLiteral("x.count>1"), &error)->namesDefined({}, {}, &error));
    QVERIFY(error.contains(QStringLiteral("defines: nothing")));
}

void TestThreshold::namedLatencyWithoutMatchesFails()
{
    RunSummary s;
    s.metrics.insert(QStringLiteral("join"), NamedMetric());
    QString error;
    const auto t = Threshold::parse(QStringLiteral("join.p99<50ms"), &error);
    QVERIFY(!t->passes(s));
    QCOMPARE(t->describe(s), QStringLiteral("join.p99<50ms: join matched nothing, FAILED"));
    QVERIFY(Threshold::parse(QStringLiteral("join.timeouts<1%"), &error)->passes(s)); // nothing attempted, nothing lost
}

void TestThreshold::summaryKeepsNamesThroughJson()
{
    RunSummary original = namedSummary();
    original.unmatched = 4;
    const RunSummary back = RunSummary::fromJson(original.toJson());
    QCOMPARE(back.toJson(), original.toJson());
    QCOMPARE(back.metrics.value(QStringLiteral("say_ack")).latency.p99Ms, 12.0);
    QCOMPARE(back.metrics.value(QStringLiteral("say_ack")).timeouts, 2ULL);
    QCOMPARE(back.counters.value(QStringLiteral("ticks")), 2000ULL);
    QCOMPARE(back.unmatched, 4ULL);
    QCOMPARE(back.toJson().value(QLatin1String("metrics")).toObject().value(QLatin1String("join")).toObject().keys(),
             (QStringList{QStringLiteral("count"), QStringLiteral("maxMs"), QStringLiteral("p50Ms"), QStringLiteral("p90Ms"),
                          QStringLiteral("p999Ms"), QStringLiteral("p99Ms"), QStringLiteral("timeouts")}));
    QVERIFY(!RunSummary().toJson().contains(QLatin1String("metrics"))); // a built-in run's summary is as before
}

QTEST_GUILESS_MAIN(TestThreshold)
#include "tst_threshold.moc"
