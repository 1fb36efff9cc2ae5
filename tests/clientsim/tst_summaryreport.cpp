#include <summaryreport.h>

#include <QTest>

class TestSummaryReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsNamedMetricsAndCounters();
    void builtInRunsHaveNoScenarioRows();
};

void TestSummaryReport::listsNamedMetricsAndCounters()
{
    RunSummary s;
    s.durationSec = 10;
    s.metrics.insert(QStringLiteral("say_ack"), NamedMetric{998, 2, LatencySummary{3.25, 6, 12.5, 20, 31, 998}});
    s.counters.insert(QStringLiteral("ticks"), 2000);
    s.messagesUnmatched = 7;
    const QString table = SummaryReport::table(s, {});
    QVERIFY2(table.contains(QStringLiteral("  say_ack                998 matched, 2 timeouts (0.2 %), p50/p99 3.250 ms / 12.5 ms, max 31.0 ms\n")),
             qPrintable(table));
    QVERIFY2(table.contains(QStringLiteral("  ticks                  2000 (200.0 /s)\n")), qPrintable(table));
    QVERIFY2(table.contains(QStringLiteral("  unmatched messages     7\n")), qPrintable(table));
}

void TestSummaryReport::builtInRunsHaveNoScenarioRows()
{
    RunSummary s;
    s.durationSec = 10;
    QVERIFY(!SummaryReport::table(s, {}).contains(QLatin1String("unmatched")));
    s.messagesUnmatched = 3; // a server's pushes during a built-in run
    QVERIFY(SummaryReport::table(s, {}).contains(QLatin1String("unmatched messages     3\n")));
}

QTEST_GUILESS_MAIN(TestSummaryReport)
#include "tst_summaryreport.moc"
