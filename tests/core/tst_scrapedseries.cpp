#include <scrapedseries.h>

#include <QTest>

class TestScrapedSeries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void socketScopeServerByItsOwnNames();
    void otherServersByWhatTheNamesSay();
    void theUsersPicksReplaceTheGuess();
};

namespace {

QStringList labels(const ScrapedSeries &s)
{
    QStringList out;
    for (const ScrapedSeries::Pick &p : s.picks)
        out << p.label;
    return out;
}

} // namespace

void TestScrapedSeries::socketScopeServerByItsOwnNames()
{
    const QStringList keys{QStringLiteral("socketscope_connections"), QStringLiteral("socketscope_messages_received_total"),
                           QStringLiteral("socketscope_messages_sent_total"), QStringLiteral("socketscope_bytes_sent_total"),
                           QStringLiteral("socketscope_close_codes_total{code=\"1000\"}"),
                           QStringLiteral("socketscope_close_codes_total{code=\"1006\"}"), QStringLiteral("target_rss_bytes")};
    const ScrapedSeries s = ScrapedSeries::choose(keys, {});
    QCOMPARE(labels(s), (QStringList{QStringLiteral("target open"), QStringLiteral("target received/s"),
                                     QStringLiteral("target sent/s"), QStringLiteral("target close 1006/s")}));
    QCOMPARE(s.picks.at(0).chart, ScrapedSeries::Chart::Connections);
    QVERIFY(!s.picks.at(0).counter);
    QVERIFY(s.picks.at(1).counter);
    QCOMPARE(s.picks.at(3).chart, ScrapedSeries::Chart::Errors);
}

void TestScrapedSeries::otherServersByWhatTheNamesSay()
{
    const QStringList keys{QStringLiteral("go_goroutines"), QStringLiteral("go_memstats_alloc_bytes_total"),
                           QStringLiteral("app_ws_connections_open"), QStringLiteral("app_ws_messages_received_total"),
                           QStringLiteral("app_ws_messages_sent_total"),
                           QStringLiteral("app_ws_closes_total{code=\"1006\",side=\"server\"}")};
    QCOMPARE(labels(ScrapedSeries::choose(keys, {})),
             (QStringList{QStringLiteral("target open"), QStringLiteral("target received/s"), QStringLiteral("target sent/s"),
                          QStringLiteral("target goroutines"), QStringLiteral("target close 1006/s")}));
}

void TestScrapedSeries::theUsersPicksReplaceTheGuess()
{
    const QStringList keys{QStringLiteral("app_ws_connections_open"), QStringLiteral("app_ws_messages_received_total"),
                           QStringLiteral("app_jobs_total{queue=\"mail\"}"), QStringLiteral("app_queue_depth")};
    const ScrapedSeries s = ScrapedSeries::choose(keys, {QStringLiteral("app_jobs_total"), QStringLiteral("app_queue_depth")});
    QCOMPARE(labels(s), (QStringList{QStringLiteral("target app jobs queue=\"mail\"/s"), QStringLiteral("target app queue depth")}));
    QCOMPARE(s.picks.at(0).chart, ScrapedSeries::Chart::Rate);
    QCOMPARE(s.picks.at(1).chart, ScrapedSeries::Chart::Connections);
}

QTEST_GUILESS_MAIN(TestScrapedSeries)
#include "tst_scrapedseries.moc"
