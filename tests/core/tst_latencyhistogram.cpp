#include <latencyhistogram.h>

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>

class TestLatencyHistogram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void percentilesMatchExactOnes_data();
    void percentilesMatchExactOnes();
    void mergeEqualsRecordingEverything();
    void bucketsAreContiguousAndPrecise();
    void emptyIsZero();
    void sparseBucketsRoundTripExactly();
    void sparseBucketsAddAsTheirHistogramsDo();
    void damagedBucketsAreRefused_data();
    void damagedBucketsAreRefused();
};

namespace {

qint64 exactPercentile(std::vector<qint64> values, double p)
{
    std::sort(values.begin(), values.end());
    const size_t rank = size_t(std::max(1.0, std::ceil(p / 100.0 * double(values.size()))));
    return values[rank - 1];
}

} // namespace

void TestLatencyHistogram::percentilesMatchExactOnes_data()
{
    QTest::addColumn<QString>("distribution");
    QTest::newRow("uniform 1us..100ms") << QStringLiteral("uniform");
    QTest::newRow("exponential, mean 2 ms") << QStringLiteral("exponential");
    QTest::newRow("bimodal 50us / 800ms") << QStringLiteral("bimodal");
}

void TestLatencyHistogram::percentilesMatchExactOnes()
{
    QFETCH(QString, distribution);
    QRandomGenerator rng(42);
    std::vector<qint64> values;
    LatencyHistogram h;
    for (int i = 0; i < 200000; ++i) {
        qint64 ns = 0;
        if (distribution == QLatin1String("uniform"))
            ns = 1000 + qint64(rng.bounded(100e6));
        else if (distribution == QLatin1String("exponential"))
            ns = 1000 + qint64(-std::log(1.0 - rng.generateDouble()) * 2e6);
        else
            ns = (i % 100 == 0) ? 800000000 + qint64(rng.bounded(1e6)) : 50000 + qint64(rng.bounded(1e3));
        values.push_back(ns);
        h.record(ns);
    }
    for (double p : {50.0, 90.0, 99.0, 99.9}) {
        const double exact = double(exactPercentile(values, p));
        const double approx = double(h.percentileNs(p));
        QVERIFY2(std::abs(approx - exact) / exact < 0.01,
                 qPrintable(QStringLiteral("p%1: exact %2 ns, histogram %3 ns").arg(p).arg(exact).arg(approx)));
    }
    QCOMPARE(h.maxNs(), *std::max_element(values.begin(), values.end()));
    QCOMPARE(h.count(), quint64(values.size()));
}

void TestLatencyHistogram::mergeEqualsRecordingEverything()
{
    LatencyHistogram a, b, all;
    for (qint64 ns = 100; ns < 50000000; ns = ns * 3 / 2 + 7) {
        (ns % 2 ? a : b).record(ns);
        all.record(ns);
    }
    a.merge(b);
    QCOMPARE(a.count(), all.count());
    QCOMPARE(a.maxNs(), all.maxNs());
    for (double p : {1.0, 25.0, 50.0, 75.0, 99.0, 100.0})
        QCOMPARE(a.percentileNs(p), all.percentileNs(p));
}

void TestLatencyHistogram::bucketsAreContiguousAndPrecise()
{
    int previous = -1;
    for (qint64 ns = 0; ns < LatencyHistogram::kMaxTrackableNs; ns = ns < 1000 ? ns + 1 : ns + ns / 300) {
        const int index = LatencyHistogram::bucketIndex(ns);
        QVERIFY(index == previous || index == previous + 1);
        QVERIFY(index < LatencyHistogram::kBuckets);
        const double mid = double(LatencyHistogram::bucketMidpoint(index));
        QVERIFY2(ns == 0 || std::abs(mid - double(ns)) / double(ns) <= 0.008, qPrintable(QString::number(ns)));
        previous = index;
    }
    QCOMPARE(LatencyHistogram::bucketIndex(60LL * 1000000000), LatencyHistogram::bucketIndex(60LL * 1000000000 + 1));
    QCOMPARE(LatencyHistogram::bucketIndex(LatencyHistogram::kMaxTrackableNs * 4), LatencyHistogram::kBuckets - 1);
}

void TestLatencyHistogram::emptyIsZero()
{
    const LatencyHistogram h;
    QCOMPARE(h.percentileNs(99), 0);
    QCOMPARE(h.summary().count, 0ULL);
}

void TestLatencyHistogram::sparseBucketsRoundTripExactly()
{
    LatencyHistogram h;
    QRandomGenerator rng(7);
    for (int i = 0; i < 5000; ++i)
        h.record(200 + qint64(rng.bounded(5e7)));
    QString error;
    const auto parsed = HistogramBuckets::fromJson(h.buckets().toJson(), &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->total(), h.count());
    QVERIFY(parsed->buckets.size() < LatencyHistogram::kBuckets / 2); // only the buckets used travel
    LatencyHistogram back;
    back.merge(*parsed);
    QCOMPARE(back.count(), h.count());
    QCOMPARE(back.minNs(), h.minNs());
    QCOMPARE(back.maxNs(), h.maxNs());
    for (double p : {1.0, 50.0, 99.0, 99.9, 100.0})
        QCOMPARE(back.percentileNs(p), h.percentileNs(p));
}

// Two agents' seconds added bucket-wise equal one histogram of all their latencies: overlapping,
// disjoint and interleaved buckets, and index order kept (JSON gives keys in text order).
void TestLatencyHistogram::sparseBucketsAddAsTheirHistogramsDo()
{
    LatencyHistogram a, b, all;
    QRandomGenerator rng(11);
    for (int i = 0; i < 3000; ++i) {
        const qint64 fast = 1000 + qint64(rng.bounded(2e5)), slow = 5'000'000 + qint64(rng.bounded(5e8));
        a.record(fast);
        b.record(i % 2 ? slow : fast + 7);
        all.record(fast);
        all.record(i % 2 ? slow : fast + 7);
    }
    QString error;
    auto sum = HistogramBuckets::fromJson(a.buckets().toJson(), &error);
    QVERIFY2(sum, qPrintable(error));
    sum->add(*HistogramBuckets::fromJson(b.buckets().toJson(), &error));
    const HistogramBuckets expected = all.buckets();
    QCOMPARE(sum->buckets.size(), expected.buckets.size());
    for (int i = 0; i < expected.buckets.size(); ++i) {
        QCOMPARE(sum->buckets.at(i).index, expected.buckets.at(i).index);
        QCOMPARE(sum->buckets.at(i).count, expected.buckets.at(i).count);
    }
    QCOMPARE(sum->minNs, expected.minNs);
    QCOMPARE(sum->maxNs, expected.maxNs);
    HistogramBuckets empty;
    empty.add(expected);
    QCOMPARE(empty.total(), all.count());
}

void TestLatencyHistogram::damagedBucketsAreRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("other layout") << QByteArray(R"({"layout":"hdr-3","minNs":1,"maxNs":2,"buckets":{"1":1}})") << QStringLiteral("layout");
    QTest::newRow("index past the end") << QByteArray(R"({"layout":"log-linear-ns-128x30","minNs":1,"maxNs":2,"buckets":{"99999":1}})") << QStringLiteral("99999");
    QTest::newRow("negative index") << QByteArray(R"({"layout":"log-linear-ns-128x30","minNs":1,"maxNs":2,"buckets":{"-1":1}})") << QStringLiteral("-1");
    QTest::newRow("fractional count") << QByteArray(R"({"layout":"log-linear-ns-128x30","minNs":1,"maxNs":2,"buckets":{"3":1.5}})") << QStringLiteral("bucket 3");
    QTest::newRow("text count") << QByteArray(R"({"layout":"log-linear-ns-128x30","minNs":1,"maxNs":2,"buckets":{"3":"7"}})") << QStringLiteral("bucket 3");
    QTest::newRow("min above max") << QByteArray(R"({"layout":"log-linear-ns-128x30","minNs":9,"maxNs":2,"buckets":{}})") << QStringLiteral("minNs");
}

void TestLatencyHistogram::damagedBucketsAreRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    QString error;
    QVERIFY(!HistogramBuckets::fromJson(QJsonDocument::fromJson(json).object(), &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestLatencyHistogram)
#include "tst_latencyhistogram.moc"
