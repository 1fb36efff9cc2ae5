#include <loadpacer.h>

#include <QTest>

class TestLoadPacer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rampOpensAtTheAskedRate();
    void noRampOpensAllAtOnce();
    void openLoopSchedule();
    void pingsAreSpreadWithFractionalDebt_data();
    void pingsAreSpreadWithFractionalDebt();
    void aStallOwesOneRoundAtMost();
    void churnCarriesItsFraction();
    void reconnectBackoffDoublesWithJitterAndACap();
};

namespace {
constexpr qint64 kTickNs = 5'000'000;
constexpr qint64 kSecondNs = 1'000'000'000;
} // namespace

void TestLoadPacer::rampOpensAtTheAskedRate()
{
    LoadPacer pacer({100, 20, 0, 0, 0});
    QCOMPARE(pacer.opensDue(0), 1ULL);
    QCOMPARE(pacer.opensDue(kSecondNs / 2), 11ULL);
    QCOMPARE(pacer.opensDue(kSecondNs), 21ULL);
    QCOMPARE(pacer.opensDue(100 * kSecondNs), 100ULL);
}

void TestLoadPacer::noRampOpensAllAtOnce()
{
    LoadPacer pacer({10000, 0, 0, 0, 0});
    QCOMPARE(pacer.opensDue(0), 10000ULL);
}

void TestLoadPacer::openLoopSchedule()
{
    LoadPacer pacer({10, 0, 400, 0, 0});
    QCOMPARE(pacer.sendsDue(0), 0ULL);
    QCOMPARE(pacer.sendsDue(kSecondNs), 400ULL);
    QCOMPARE(pacer.sendsDue(kSecondNs / 400 - 1), 0ULL);
    QCOMPARE(pacer.sendDueNs(0), 0LL);
    QCOMPARE(pacer.sendDueNs(400), kSecondNs);
    QCOMPARE(pacer.sendDueNs(1), kSecondNs / 400);
}

void TestLoadPacer::pingsAreSpreadWithFractionalDebt_data()
{
    QTest::addColumn<int>("connections");
    QTest::addColumn<double>("intervalSec");
    // Regression: 100 connections at 5 s sent 400 pings/s (at least one per 5 ms tick), not 20.
    QTest::newRow("100 at 5 s") << 100 << 5.0;
    QTest::newRow("10,000 at 30 s") << 10000 << 30.0;
    QTest::newRow("3 at 0.2 s") << 3 << 0.2;
    QTest::newRow("20,000 at 1 s") << 20000 << 1.0;
}

void TestLoadPacer::pingsAreSpreadWithFractionalDebt()
{
    QFETCH(int, connections);
    QFETCH(double, intervalSec);
    LoadPacer pacer({quint64(connections), 0, 0, 0, intervalSec});
    quint64 pings = 0;
    const int ticks = 10 * 200; // 10 s of 5 ms ticks
    for (int i = 0; i < ticks; ++i)
        pings += pacer.takePings(kTickNs, quint64(connections));
    const double expected = 10.0 * connections / intervalSec;
    QVERIFY2(std::abs(double(pings) - expected) <= 1.0, qPrintable(QStringLiteral("%1 pings, expected %2").arg(pings).arg(expected)));
    LoadPacer none({quint64(connections), 0, 0, 0, 0});
    QCOMPARE(none.takePings(kSecondNs, quint64(connections)), 0ULL);
}

void TestLoadPacer::aStallOwesOneRoundAtMost()
{
    LoadPacer pacer({100, 0, 0, 0, 5});
    QCOMPARE(pacer.takePings(60 * kSecondNs, 100), 100ULL); // a minute late: each connection once, not 12 times
    QCOMPARE(pacer.takePings(kTickNs, 0), 0ULL); // nothing open: nothing owed, nothing saved up
}

void TestLoadPacer::churnCarriesItsFraction()
{
    LoadPacer pacer({1000, 0, 0, 3, 0});
    quint64 closes = 0;
    for (int i = 0; i < 201; ++i) // just over 1 s of ticks (200 x 0.015 may round below 3)
        closes += pacer.takeChurn(kTickNs, 1000);
    QCOMPARE(closes, 3ULL);
}

void TestLoadPacer::reconnectBackoffDoublesWithJitterAndACap()
{
    // Attempt k: between half and all of min x 2^(k-1), never above max.
    QCOMPARE(LoadPacer::reconnectDelaySec(1, 0.5, 30, 0), 0.25);
    QCOMPARE(LoadPacer::reconnectDelaySec(1, 0.5, 30, 1), 0.5);
    QCOMPARE(LoadPacer::reconnectDelaySec(3, 0.5, 30, 0), 1.0);
    QCOMPARE(LoadPacer::reconnectDelaySec(3, 0.5, 30, 1), 2.0);
    QCOMPARE(LoadPacer::reconnectDelaySec(10, 0.5, 30, 1), 30.0);
    QCOMPARE(LoadPacer::reconnectDelaySec(10, 0.5, 30, 0), 15.0);
    QCOMPARE(LoadPacer::reconnectDelaySec(1000, 0.5, 30, 0.5), 22.5); // no overflow for huge attempts
}

QTEST_GUILESS_MAIN(TestLoadPacer)
#include "tst_loadpacer.moc"
