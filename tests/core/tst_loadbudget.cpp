#include <loadbudget.h>

#include <QTest>

class TestLoadBudget : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oldBroadcastDefaultIsFarBeyondTwoCores();
    void fittingLoadsGetNoWarning_data();
    void fittingLoadsGetNoWarning();
};

namespace {

RunConfig config(const QString &scenario, quint64 connections, double rate)
{
    RunConfig c;
    c.scenario = scenario;
    c.connections = connections;
    c.ratePerSec = rate;
    return c;
}

} // namespace

void TestLoadBudget::oldBroadcastDefaultIsFarBeyondTwoCores()
{
    // 10,000 publishes/s to 200 subscribers: 2,000,000 deliveries/s (latency climbed to 16 s).
    const QString warning = LoadBudget::warning(config(QStringLiteral("broadcast"), 200, 10000), 2);
    QVERIFY(warning.contains(QLatin1String("2,000,000 deliveries/s")));
    QVERIFY(warning.contains(QLatin1String("160,000/s")));
}

void TestLoadBudget::fittingLoadsGetNoWarning_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("connections");
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("cores");
    QTest::newRow("broadcast default on 2 cores") << QStringLiteral("broadcast") << 1000 << 20.0 << 2;
    QTest::newRow("bench/run's 1,000 x 100") << QStringLiteral("broadcast") << 1000 << 100.0 << 2;
    QTest::newRow("echo open loop 10k/s") << QStringLiteral("echo") << 1000 << 10000.0 << 2;
    QTest::newRow("echo closed loop") << QStringLiteral("echo") << 1000 << 0.0 << 1;
    QTest::newRow("idle") << QStringLiteral("idle") << 10000 << 0.0 << 1;
    QTest::newRow("broadcast on 16 cores") << QStringLiteral("broadcast") << 10000 << 100.0 << 16;
}

void TestLoadBudget::fittingLoadsGetNoWarning()
{
    QFETCH(QString, scenario);
    QFETCH(int, connections);
    QFETCH(double, rate);
    QFETCH(int, cores);
    QVERIFY(LoadBudget::warning(config(scenario, quint64(connections), rate), cores).isEmpty());
}

QTEST_GUILESS_MAIN(TestLoadBudget)
#include "tst_loadbudget.moc"
