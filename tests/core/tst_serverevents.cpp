#include <serverevents.h>

#include <QTest>

class TestServerEvents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countersThatGrewBecomeEvents();
    void normalClosesAreNoEvents();
};

namespace {

MetricSample server(double t, quint64 timeouts, QMap<int, quint64> codes)
{
    MetricSample s;
    s.source = QStringLiteral("server");
    s.elapsedSec = t;
    s.errors.insert(QStringLiteral("heartbeat_timeout"), timeouts);
    s.closeCodes = codes;
    return s;
}

} // namespace

void TestServerEvents::countersThatGrewBecomeEvents()
{
    ServerEvents events;
    QVERIFY(events.next(server(1, 0, {})).isEmpty());
    const QVector<SessionEvent> second = events.next(server(2, 3, {{1006, 5}}));
    QCOMPARE(second.size(), 2);
    QCOMPARE(second.at(0).kind, QStringLiteral("heartbeat_timeout"));
    QCOMPARE(second.at(0).message, QStringLiteral("heartbeat_timeout: +3 (3 in all)"));
    QCOMPARE(second.at(0).elapsedSec, 2.0);
    QCOMPARE(second.at(0).level(), SessionEvent::Severity::Error);
    QCOMPARE(second.at(1).kind, QStringLiteral("close_1006"));
    QCOMPARE(second.at(1).message, QStringLiteral("closed with 1006: +5 (5 in all)"));
    QVERIFY(events.next(server(3, 3, {{1006, 5}})).isEmpty()); // nothing moved
}

void TestServerEvents::normalClosesAreNoEvents()
{
    ServerEvents events;
    events.next(server(1, 0, {}));
    QVERIFY(events.next(server(2, 0, {{1000, 500}, {1001, 3}})).isEmpty());
}

QTEST_GUILESS_MAIN(TestServerEvents)
#include "tst_serverevents.moc"
