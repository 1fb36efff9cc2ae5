#include <runconfig.h>

#include <QTest>

class TestRunConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsTheConsolesPanels();
    void closedLoopHasNoAskedRate();
    void readsAttachMode();
    void readsSocketScopeLoadsFlatConfig();
};

void TestRunConfig::readsTheConsolesPanels()
{
    Session session;
    session.config = {{QStringLiteral("cores"), 2},
                      {QStringLiteral("serverIdleRssBytes"), 18874368.0},
                      {QStringLiteral("server"), QJsonObject{{QStringLiteral("mode"), QStringLiteral("embedded")},
                                                              {QStringLiteral("workers"), 2}}},
                      {QStringLiteral("load"), QJsonObject{{QStringLiteral("scenario"), QStringLiteral("broadcast")},
                                                           {QStringLiteral("connections"), 1000},
                                                           {QStringLiteral("ratePerSec"), 20},
                                                           {QStringLiteral("openLoop"), false},
                                                           {QStringLiteral("durationSec"), 30},
                                                           {QStringLiteral("thresholds"), QStringLiteral("p99<50ms, errors<0.1%")}}}};
    const RunConfig c = RunConfig::of(session);
    QCOMPARE(c.scenario, QStringLiteral("broadcast"));
    QCOMPARE(c.connections, 1000ULL);
    QCOMPARE(c.ratePerSec, 20.0); // broadcast is always open loop
    QCOMPARE(c.askedDeliveriesPerSec(), 20000.0);
    QCOMPARE(c.durationSec, 30.0);
    QCOMPARE(c.cores, 2);
    QCOMPARE(c.serverWorkers, 2);
    QCOMPARE(c.serverIdleRssBytes, qint64(18874368));
    QVERIFY(!c.attached);
    QCOMPARE(c.thresholds, (QStringList{QStringLiteral("p99<50ms"), QStringLiteral("errors<0.1%")}));
}

void TestRunConfig::closedLoopHasNoAskedRate()
{
    Session session;
    session.config = {{QStringLiteral("load"), QJsonObject{{QStringLiteral("scenario"), QStringLiteral("echo")},
                                                           {QStringLiteral("ratePerSec"), 10000},
                                                           {QStringLiteral("openLoop"), false}}}};
    QCOMPARE(RunConfig::of(session).askedDeliveriesPerSec(), 0.0);
}

void TestRunConfig::readsAttachMode()
{
    Session session;
    session.config = {{QStringLiteral("server"), QJsonObject{{QStringLiteral("mode"), QStringLiteral("attach")},
                                                              {QStringLiteral("attachUrl"), QStringLiteral("ws://127.0.0.1:8090/ws")},
                                                              {QStringLiteral("attachPid"), QStringLiteral("4242")},
                                                              {QStringLiteral("attachMetricsUrl"), QStringLiteral("http://127.0.0.1:8090/metrics")},
                                                              {QStringLiteral("attachSeries"), QStringLiteral("app_jobs_total, app_depth")}}},
                      {QStringLiteral("load"), QJsonObject{{QStringLiteral("scenario"), QStringLiteral("echo")}}}};
    const RunConfig c = RunConfig::of(session);
    QVERIFY(c.attached);
    QCOMPARE(c.targetUrl, QStringLiteral("ws://127.0.0.1:8090/ws"));
    QCOMPARE(c.targetPid, qint64(4242));
    QCOMPARE(c.metricsUrl, QStringLiteral("http://127.0.0.1:8090/metrics"));
    QCOMPARE(c.pickedSeries, (QStringList{QStringLiteral("app_jobs_total"), QStringLiteral("app_depth")}));
}

void TestRunConfig::readsSocketScopeLoadsFlatConfig()
{
    Session session;
    session.config = {{QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:8080/ws")},
                      {QStringLiteral("scenario"), QStringLiteral("echo")},
                      {QStringLiteral("connections"), 200},
                      {QStringLiteral("ratePerSec"), 5000},
                      {QStringLiteral("threads"), 2},
                      {QStringLiteral("durationSec"), 10},
                      {QStringLiteral("pid"), 77.0},
                      {QStringLiteral("scrapeUrl"), QStringLiteral("http://127.0.0.1:8080/metrics")}};
    session.events << SessionEvent{10, QStringLiteral("load"), QStringLiteral("threshold"), QStringLiteral("rate>=4000: 4990 msg/s, passed")};
    const RunConfig c = RunConfig::of(session);
    QCOMPARE(c.askedDeliveriesPerSec(), 5000.0);
    QCOMPARE(c.loadThreads, 2);
    QCOMPARE(c.targetUrl, QStringLiteral("ws://127.0.0.1:8080/ws"));
    QCOMPARE(c.targetPid, qint64(77));
    QCOMPARE(c.thresholds, QStringList{QStringLiteral("rate>=4000")});
}

QTEST_GUILESS_MAIN(TestRunConfig)
#include "tst_runconfig.moc"
