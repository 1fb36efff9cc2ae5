#include <latencyhistogram.h>
#include <runsummary.h>
#include <sessionmerge.h>

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>

class TestSessionMerge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void totalsAndConnectionsAddUp();
    void mergedPercentilesMatchAllRawValues_data();
    void mergedPercentilesMatchAllRawValues();
    void aMergedRunRoundTripsThroughAFile();
    void inputsThatCannotMergeAreRefused_data();
    void inputsThatCannotMergeAreRefused();
};

using Draw = std::function<qint64(QRandomGenerator &)>;
using Change = std::function<void(QVector<SessionMerge::Input> &)>;
Q_DECLARE_METATYPE(Draw)
Q_DECLARE_METATYPE(Change)

namespace {

constexpr qint64 kStartMs = 1700000000000;

struct Agent
{
    int shard = 1; // K of K/3
    int connections = 100;
    Draw draw = [](QRandomGenerator &rng) { return 100000 + qint64(rng.bounded(900000)); };
    int perSecond = 2000;
    int seconds = 5;
    qint64 startMs = kStartMs;
};

// A session as `socketscope-load --shard K/3 -o` writes it; every latency recorded also goes to *raw,
// every reconnect time to *rawReconnects (agent K reconnected 10 x K times, K seconds or more each).
SessionMerge::Input makeAgent(const Agent &spec, QRandomGenerator &rng, std::vector<qint64> *raw = nullptr,
                              std::vector<qint64> *rawReconnects = nullptr)
{
    Session s;
    s.config = QJsonObject{{QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:9/ws")},
                           {QStringLiteral("scenario"), QStringLiteral("echo")},
                           {QStringLiteral("connections"), spec.connections},
                           {QStringLiteral("shardIndex"), spec.shard},
                           {QStringLiteral("shardCount"), 3}};
    LatencyHistogram run;
    quint64 total = 0;
    for (int i = 1; i <= spec.seconds; ++i) {
        LatencyHistogram second;
        for (int n = 0; n < spec.perSecond; ++n) {
            const qint64 ns = spec.draw(rng);
            second.record(ns);
            if (raw)
                raw->push_back(ns);
        }
        run.merge(second);
        total += quint64(spec.perSecond);
        MetricSample m;
        m.source = QStringLiteral("load");
        m.timestampMs = spec.startMs + i * 1000 + 37 * spec.shard; // agents tick a little apart
        m.elapsedSec = i;
        m.connections = quint64(spec.connections);
        m.connectionsPerWorker = {quint64(spec.connections)};
        m.messagesSent = m.messagesReceived = total;
        m.latency = second.summary();
        m.latencyHistogram = second.buckets();
        s.samples.append(m);
    }
    RunSummary r;
    r.durationSec = spec.seconds;
    r.peakConnections = quint64(spec.connections);
    r.connectionsFailed = quint64(spec.shard);
    r.messagesSent = r.messagesReceived = total;
    r.errors = quint64(spec.shard);
    r.latencyHistogram = run.buckets();
    LatencyHistogram reconnects;
    for (int n = 0; n < 10 * spec.shard; ++n) {
        const qint64 ns = qint64(spec.shard) * 1000000000 + qint64(rng.bounded(500000000));
        reconnects.record(ns);
        if (rawReconnects)
            rawReconnects->push_back(ns);
    }
    r.reconnects = reconnects.count();
    r.setReconnectTime(reconnects);
    s.summary = r.toJson();
    s.events.append({1.5, QStringLiteral("load"), QStringLiteral("connect_http_503"), QStringLiteral("refused")});
    return {QStringLiteral("agent%1.json").arg(spec.shard), s};
}

QVector<SessionMerge::Input> threeAgents(QRandomGenerator &rng, std::vector<qint64> *rawReconnects = nullptr)
{
    QVector<SessionMerge::Input> inputs;
    for (int k = 1; k <= 3; ++k) {
        Agent a;
        a.shard = k;
        a.connections = 100 * k;
        inputs.append(makeAgent(a, rng, nullptr, rawReconnects));
    }
    return inputs;
}

double exactPercentileMs(std::vector<qint64> values, double p)
{
    std::sort(values.begin(), values.end());
    const size_t rank = size_t(std::max(1.0, std::ceil(p / 100.0 * double(values.size()))));
    return double(values[rank - 1]) / 1e6;
}

} // namespace

void TestSessionMerge::totalsAndConnectionsAddUp()
{
    QRandomGenerator rng(1);
    QString error;
    std::vector<qint64> rawReconnects;
    const auto merged = SessionMerge::merge(threeAgents(rng, &rawReconnects), &error);
    QVERIFY2(merged, qPrintable(error));
    QCOMPARE(merged->samples.size(), 5); // one per wall-clock second, though the agents tick apart
    for (const MetricSample &m : merged->samples) {
        QCOMPARE(m.connections, 600ULL);
        QCOMPARE(m.connectionsPerWorker, (QVector<quint64>{100, 200, 300}));
        QCOMPARE(m.latencyHistogram.total(), 6000ULL);
    }
    QCOMPARE(merged->samples.last().messagesReceived, 30000ULL);
    QCOMPARE(merged->samples.last().receivedPerSec, 6000.0);
    const RunSummary r = RunSummary::fromJson(merged->summary);
    QCOMPARE(r.messagesReceived, 30000ULL);
    QCOMPARE(r.peakConnections, 600ULL);
    QCOMPARE(r.connectionsFailed, 6ULL);
    QCOMPARE(r.errors, 6ULL);
    QCOMPARE(r.latencyHistogram.total(), 30000ULL);
    QCOMPARE(r.reconnects, 60ULL);
    QCOMPARE(r.reconnectHistogram.total(), 60ULL);
    for (const auto &[p, mergedMs] : {std::pair{50.0, r.reconnectP50Ms}, std::pair{99.0, r.reconnectP99Ms}}) {
        const double exact = exactPercentileMs(rawReconnects, p);
        QVERIFY2(std::abs(mergedMs - exact) / exact < 0.01,
                 qPrintable(QStringLiteral("reconnect p%1: all raw values %2 ms, merged %3 ms").arg(p).arg(exact).arg(mergedMs)));
    }
    QCOMPARE(merged->summary.value(QLatin1String("agents")).toInt(), 3);
    QCOMPARE(merged->config.value(QLatin1String("connections")).toInt(), 600);
    QVERIFY(!merged->config.contains(QLatin1String("shardIndex")));
    QCOMPARE(merged->config.value(QLatin1String("mergedFrom")).toArray().size(), 3);
    QCOMPARE(merged->agents.size(), 3);
    QCOMPARE(merged->agents.at(1).samples.size(), 5);
    QCOMPARE(merged->events.size(), 3);
    QVERIFY(merged->events.first().message.startsWith(QLatin1String("[agent1.json] ")));
}

void TestSessionMerge::mergedPercentilesMatchAllRawValues_data()
{
    auto uniform = [](QRandomGenerator &rng) { return 50000 + qint64(rng.bounded(20e6)); };
    auto exponential = [](QRandomGenerator &rng) { return 20000 + qint64(-std::log(1.0 - rng.generateDouble()) * 3e6); };
    auto lognormal = [](QRandomGenerator &rng) {
        const double u1 = 1.0 - rng.generateDouble(), u2 = rng.generateDouble();
        const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * M_PI * u2);
        return qint64(std::exp(13.0 + 0.8 * normal)); // median ~0.44 ms
    };
    auto slow = [](QRandomGenerator &rng) { return 200000000 + qint64(rng.bounded(50e6)); };
    QTest::addColumn<QVector<Draw>>("draws");
    QTest::addColumn<bool>("averagingWouldBeWrong");
    QTest::newRow("uniform, exponential, lognormal") << QVector<Draw>{uniform, exponential, lognormal} << true;
    QTest::newRow("three alike") << QVector<Draw>{exponential, exponential, exponential} << false;
    QTest::newRow("one slow agent") << QVector<Draw>{lognormal, lognormal, slow} << true;
}

void TestSessionMerge::mergedPercentilesMatchAllRawValues()
{
    QFETCH(QVector<Draw>, draws);
    QFETCH(bool, averagingWouldBeWrong);
    QRandomGenerator rng(20261201);
    std::vector<qint64> raw;
    QVector<SessionMerge::Input> inputs;
    double averagedP99 = 0;
    for (int k = 1; k <= draws.size(); ++k) {
        Agent a;
        a.shard = k;
        a.draw = draws.at(k - 1);
        a.perSecond = 4000 + 1500 * k; // unequal weights
        inputs.append(makeAgent(a, rng, &raw));
        averagedP99 += RunSummary::fromJson(inputs.last().session.summary).p99Ms / draws.size();
    }
    QString error;
    const auto merged = SessionMerge::merge(inputs, &error);
    QVERIFY2(merged, qPrintable(error));
    const RunSummary r = RunSummary::fromJson(merged->summary);
    QCOMPARE(r.latencyHistogram.total(), quint64(raw.size()));
    const QVector<QPair<double, double>> checks{{50, r.p50Ms}, {90, r.p90Ms}, {99, r.p99Ms}, {99.9, r.p999Ms}};
    for (const auto &[p, mergedMs] : checks) {
        const double exact = exactPercentileMs(raw, p);
        QVERIFY2(std::abs(mergedMs - exact) / exact < 0.01, // the histogram's own precision is 0.8 %
                 qPrintable(QStringLiteral("p%1: all raw values %2 ms, merged %3 ms").arg(p).arg(exact).arg(mergedMs)));
    }
    QCOMPARE(r.maxMs, double(*std::max_element(raw.begin(), raw.end())) / 1e6);
    const double exactP99 = exactPercentileMs(raw, 99);
    if (averagingWouldBeWrong) // the distributions differ enough that averaging agents' p99 is visibly off
        QVERIFY(std::abs(averagedP99 - exactP99) / exactP99 > 0.05);
}

void TestSessionMerge::aMergedRunRoundTripsThroughAFile()
{
    QRandomGenerator rng(2);
    QString error;
    const auto merged = SessionMerge::merge(threeAgents(rng), &error);
    QVERIFY2(merged, qPrintable(error));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QVERIFY2(SessionFile::save(path, *merged, &error), qPrintable(error));
    const auto loaded = SessionFile::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->toJson(), merged->toJson());
    QCOMPARE(loaded->agents.size(), 3);
    QCOMPARE(loaded->agents.at(2).name, QStringLiteral("agent3.json"));
}

void TestSessionMerge::inputsThatCannotMergeAreRefused_data()
{
    QTest::addColumn<Change>("change");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("one file") << Change([](auto &in) { in.resize(1); }) << QStringLiteral("at least two");
    QTest::newRow("another target") << Change([](auto &in) {
        in[1].session.config.insert(QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:10/ws"));
    }) << QStringLiteral("agent2.json has url");
    QTest::newRow("another scenario") << Change([](auto &in) {
        in[2].session.config.insert(QStringLiteral("scenario"), QStringLiteral("broadcast"));
    }) << QStringLiteral("scenario");
    QTest::newRow("another shard count") << Change([](auto &in) {
        in[2].session.config.insert(QStringLiteral("shardCount"), 4);
    }) << QStringLiteral("shardCount");
    QTest::newRow("the same shard twice") << Change([](auto &in) { in[2] = in[1]; }) << QStringLiteral("shard 2 of 3 again");
    QTest::newRow("runs an hour apart") << Change([](auto &in) {
        for (MetricSample &m : in[2].session.samples)
            m.timestampMs += 3600 * 1000;
    }) << QStringLiteral("overlap");
    QTest::newRow("sample without histogram") << Change([](auto &in) {
        in[1].session.samples[3].latencyHistogram = HistogramBuckets();
    }) << QStringLiteral("agent2.json: sample 3 has 2000 latencies but a histogram of 0");
    QTest::newRow("summary disagrees with samples") << Change([](auto &in) {
        QJsonObject h = in[0].session.summary.value(QLatin1String("latencyHistogram")).toObject();
        QJsonObject buckets = h.value(QLatin1String("buckets")).toObject();
        buckets.insert(QStringLiteral("3"), 1);
        h.insert(QStringLiteral("buckets"), buckets);
        in[0].session.summary.insert(QStringLiteral("latencyHistogram"), h);
    }) << QStringLiteral("inconsistent");
    QTest::newRow("damaged summary histogram") << Change([](auto &in) {
        QJsonObject h = in[0].session.summary.value(QLatin1String("latencyHistogram")).toObject();
        h.insert(QStringLiteral("layout"), QStringLiteral("other"));
        in[0].session.summary.insert(QStringLiteral("latencyHistogram"), h);
    }) << QStringLiteral("layout");
    QTest::newRow("reconnects without their times") << Change([](auto &in) {
        in[2].session.summary.remove(QStringLiteral("reconnectHistogram"));
    }) << QStringLiteral("agent3.json: summary: reconnects without");
    QTest::newRow("a server sample") << Change([](auto &in) { in[1].session.samples[0].source = QStringLiteral("server"); })
                                     << QStringLiteral("only socketscope-load's own files");
    QTest::newRow("no wall clock") << Change([](auto &in) { in[1].session.samples[2].timestampMs = 0; }) << QStringLiteral("\"ts\"");
    QTest::newRow("unfinished run") << Change([](auto &in) { in[1].session.summary = {}; }) << QStringLiteral("no summary");
    QTest::newRow("conformance report") << Change([](auto &in) {
        in[0].session.config.insert(QStringLiteral("mode"), QStringLiteral("conformance"));
    }) << QStringLiteral("conformance");
}

void TestSessionMerge::inputsThatCannotMergeAreRefused()
{
    QFETCH(Change, change);
    QFETCH(QString, mentions);
    QRandomGenerator rng(3);
    QVector<SessionMerge::Input> inputs = threeAgents(rng);
    change(inputs);
    QString error;
    QVERIFY(!SessionMerge::merge(inputs, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestSessionMerge)
#include "tst_sessionmerge.moc"
