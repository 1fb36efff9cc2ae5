#include <connectionmemory.h>

#include <QTest>

class TestConnectionMemory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void growthAboveAKnownBaseline();
    void nothingBelowAMeaningfulCount();
    void nothingWhileConnectionsClose();
    void baselineLearntFromAnIdleSampleBeforeTheLoad();
    void noBaselineNoFigure();
};

namespace {
constexpr qint64 kKiB = 1024;
constexpr qint64 kIdle = 18 * 1024 * kKiB; // socketscope-server before its first connection
} // namespace

void TestConnectionMemory::growthAboveAKnownBaseline()
{
    ConnectionMemory memory(kIdle);
    // 1,000 connections at 16 KiB each: total RSS / connections would say 34.4 KiB.
    const auto perConnection = memory.add(kIdle + 1000 * 16 * kKiB, 1000);
    QVERIFY(perConnection.has_value());
    QCOMPARE(*perConnection, 16.0 * kKiB);
    QCOMPARE(memory.atPeak().value_or(0), 16.0 * kKiB);
}

void TestConnectionMemory::nothingBelowAMeaningfulCount()
{
    ConnectionMemory memory(kIdle);
    QVERIFY(!memory.add(kIdle + 2 * 1024 * kKiB, ConnectionMemory::kMinConnections - 1));
    QVERIFY(memory.add(kIdle + 2 * 1024 * kKiB, ConnectionMemory::kMinConnections));
}

void TestConnectionMemory::nothingWhileConnectionsClose()
{
    ConnectionMemory memory(kIdle);
    QVERIFY(memory.add(kIdle + 1000 * 16 * kKiB, 1000));
    // RSS stays while connections close: 16 MiB over 30 connections would read ~550 KiB each.
    QVERIFY(!memory.add(kIdle + 1000 * 16 * kKiB, 30));
    QVERIFY(!memory.add(kIdle + 1000 * 16 * kKiB, 850));
    QCOMPARE(memory.atPeak().value_or(0), 16.0 * kKiB);
}

void TestConnectionMemory::baselineLearntFromAnIdleSampleBeforeTheLoad()
{
    ConnectionMemory memory;
    QVERIFY(!memory.add(kIdle, 0));
    QCOMPARE(memory.idleRssBytes(), kIdle);
    QCOMPARE(memory.add(kIdle + 500 * 20 * kKiB, 500).value_or(0), 20.0 * kKiB);
    // An idle moment after the load does not move the baseline (freed memory stays mapped).
    memory.add(kIdle + 400 * 20 * kKiB, 0);
    QCOMPARE(memory.idleRssBytes(), kIdle);
}

void TestConnectionMemory::noBaselineNoFigure()
{
    ConnectionMemory memory;
    QVERIFY(!memory.add(kIdle + 1000 * 16 * kKiB, 1000));
    QVERIFY(!memory.atPeak());
}

QTEST_GUILESS_MAIN(TestConnectionMemory)
#include "tst_connectionmemory.moc"
