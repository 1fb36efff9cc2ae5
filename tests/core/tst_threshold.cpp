#include <threshold.h>

#include <QTest>

class TestThreshold : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decides_data();
    void decides();
    void rejectsMalformed_data();
    void rejectsMalformed();
};

void TestThreshold::decides_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("passes");
    QTest::addColumn<QString>("measured"); // as the verdict and the CLI quote it
    // Against: p99 12 ms, 10,000 peak connections, 150 errors in 200,000 attempts, 25,000 msg/s.
    QTest::newRow("p99 under 50ms") << QStringLiteral("p99<50ms") << true << QStringLiteral("12.0 ms");
    QTest::newRow("p99 under 10ms") << QStringLiteral("p99<10ms") << false << QStringLiteral("12.0 ms");
    QTest::newRow("p99 in seconds") << QStringLiteral("p99 < 0.5s") << true << QStringLiteral("12.0 ms");
    QTest::newRow("p99 in microseconds") << QStringLiteral("p99<11000us") << false << QStringLiteral("12.0 ms");
    QTest::newRow("default unit is ms") << QStringLiteral("p99<=12") << true << QStringLiteral("12.0 ms");
    QTest::newRow("errors percent") << QStringLiteral("errors<0.1%") << true << QStringLiteral("0.075 %");
    QTest::newRow("errors percent tight") << QStringLiteral("errors<0.05%") << false << QStringLiteral("0.075 %");
    QTest::newRow("errors count") << QStringLiteral("errors<100") << false << QStringLiteral("150");
    QTest::newRow("connections") << QStringLiteral("connections>=10000") << true << QStringLiteral("10000");
    QTest::newRow("connections above") << QStringLiteral("connections>10000") << false << QStringLiteral("10000");
    QTest::newRow("rate") << QStringLiteral("rate>=20000") << true << QStringLiteral("25000 msg/s");
    QTest::newRow("p99.9") << QStringLiteral("p99.9<20ms") << true << QStringLiteral("15.0 ms");
}

void TestThreshold::decides()
{
    QFETCH(QString, text);
    QFETCH(bool, passes);
    QFETCH(QString, measured);
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
    QVERIFY2(t->describe(s).contains(measured), qPrintable(t->describe(s)));
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
}

void TestThreshold::rejectsMalformed()
{
    QFETCH(QString, text);
    QString error;
    QVERIFY(!Threshold::parse(text, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestThreshold)
#include "tst_threshold.moc"
