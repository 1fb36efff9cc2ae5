#include <fanout/redisbus.h>
#include <reactorthread.h>
#include <redistestserver.h>
#include <wireframe.h>

#include <QSignalSpy>
#include <QTest>

// The bus alone, against a real redis-server. Two RedisBus objects stand for two processes.
class TestRedisBus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void urlsAreChecked_data();
    void urlsAreChecked();
    void aBroadcastReachesTheOtherProcessOnceAndNotItsPublisher();
    void foreignMessagesOnTheChannelAreCountedNotDelivered();
    void aFullQueueDropsAndCountsWithoutBlocking();
    void redisGoingAwayDegradesCountsAndRecovers();

private:
    std::unique_ptr<RedisTestServer> m_redis;
};

namespace {

QByteArray textFrame(const QByteArray &payload)
{
    return WireFrame::encode(WireFrame::Text, payload, true, false);
}

} // namespace

void TestRedisBus::initTestCase()
{
    m_redis = std::make_unique<RedisTestServer>();
    QVERIFY2(m_redis->start(), qPrintable(m_redis->error()));
}

void TestRedisBus::urlsAreChecked_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("valid");
    QTest::newRow("full") << QStringLiteral("redis://127.0.0.1:6380/chat") << true;
    QTest::newRow("default port") << QStringLiteral("redis://localhost/chat") << true;
    QTest::newRow("no channel") << QStringLiteral("redis://127.0.0.1:6380/") << false;
    QTest::newRow("nested channel") << QStringLiteral("redis://127.0.0.1:6380/a/b") << false;
    QTest::newRow("other scheme") << QStringLiteral("http://127.0.0.1:6380/chat") << false;
    QTest::newRow("no host") << QStringLiteral("redis:///chat") << false;
}

void TestRedisBus::urlsAreChecked()
{
    QFETCH(QString, url);
    QFETCH(bool, valid);
    QString host, error;
    quint16 port = 0;
    QByteArray channel;
    QCOMPARE(RedisBus::parseUrl(QUrl(url), &host, &port, &channel, &error), valid);
    if (valid)
        QCOMPARE(channel, QByteArray("chat"));
    else
        QVERIFY(error.contains(QLatin1String("redis://HOST:PORT/CHANNEL")));
}

void TestRedisBus::aBroadcastReachesTheOtherProcessOnceAndNotItsPublisher()
{
    RedisBus a(m_redis->busUrl(QStringLiteral("once")));
    RedisBus b(m_redis->busUrl(QStringLiteral("once")));
    QSignalSpy toA(&a, &RedisBus::frameReceived);
    QSignalSpy toB(&b, &RedisBus::frameReceived);
    a.start();
    b.start();
    QTRY_VERIFY(a.isHealthy() && b.isHealthy());
    for (int i = 0; i < 3; ++i)
        QVERIFY(a.publish(textFrame("from a #" + QByteArray::number(i))));
    QVERIFY(b.publish(textFrame("from b")));
    QTRY_COMPARE(b.totals().received, 3ULL);
    QTRY_COMPARE(a.totals().received, 1ULL);
    QTRY_COMPARE(a.totals().ownSkipped, 3ULL); // its own came back and were not delivered again
    QTRY_COMPARE(b.totals().ownSkipped, 1ULL);
    QCOMPARE(toB.count(), 3);
    QCOMPARE(toB.at(2).at(0).toByteArray(), textFrame("from a #2"));
    QCOMPARE(toA.count(), 1);
    QCOMPARE(a.totals().published, 3ULL);
    QCOMPARE(a.totals().unrelayed, 0ULL);
    QCOMPARE(a.totals().queued, 0ULL);
}

void TestRedisBus::foreignMessagesOnTheChannelAreCountedNotDelivered()
{
    RedisBus bus(m_redis->busUrl(QStringLiteral("foreign")));
    QSignalSpy received(&bus, &RedisBus::frameReceived);
    bus.start();
    QTRY_VERIFY(bus.isHealthy());
    QByteArray notAFrame = QByteArrayLiteral("SSB1") + QByteArray(8, 'x') + "no frame here";
    QVERIFY(redisCommand(m_redis->port(), {"PUBLISH", "foreign", "hello from redis-cli"}).startsWith(':'));
    QVERIFY(redisCommand(m_redis->port(), {"PUBLISH", "foreign", notAFrame}).startsWith(':'));
    QTRY_COMPARE(bus.totals().errors, 2ULL);
    QCOMPARE(received.count(), 0);
}

void TestRedisBus::aFullQueueDropsAndCountsWithoutBlocking()
{
    RedisBus bus(m_redis->busUrl(QStringLiteral("queue")), 10);
    bus.start();
    QTRY_VERIFY(bus.isHealthy());
    // Without returning to the event loop nothing is sent: the 11th and later must be turned away.
    int accepted = 0;
    for (int i = 0; i < 1000; ++i)
        accepted += bus.publish(textFrame("x")) ? 1 : 0;
    QCOMPARE(accepted, 10);
    QCOMPARE(bus.totals().queueDrops, 990ULL);
    QCOMPARE(bus.totals().unrelayed, 990ULL);
    QTRY_COMPARE(bus.totals().published, 10ULL);
    QCOMPARE(bus.totals().queued, 0ULL);
}

void TestRedisBus::redisGoingAwayDegradesCountsAndRecovers()
{
    // a runs as the server runs it, in its own ReactorThread (a regression: its retry timer once
    // stayed behind in the creating thread and never fired there).
    auto *a = new RedisBus(m_redis->busUrl(QStringLiteral("faults")));
    QList<QPair<bool, QString>> health;
    connect(a, &RedisBus::healthChanged, this, [&health](bool up, const QString &why) { health.append({up, why}); });
    ReactorThread thread(QStringLiteral("bus"));
    thread.start(a);
    QMetaObject::invokeMethod(a, &RedisBus::start, Qt::QueuedConnection);
    RedisBus b(m_redis->busUrl(QStringLiteral("faults")));
    b.start();
    QTRY_VERIFY(a->isHealthy() && b.isHealthy());
    QTRY_COMPARE(health.size(), 1);

    m_redis->stop();
    QTRY_VERIFY(!a->isHealthy());
    QTRY_COMPARE(health.size(), 2);
    QCOMPARE(health.last().first, false);
    QVERIFY(health.last().second.contains(m_redis->busUrl(QStringLiteral("faults")).toString()));
    QVERIFY(!a->publish(textFrame("while down")));
    QCOMPARE(a->totals().unrelayed, 1ULL);
    QVERIFY(a->totals().errors >= 1);

    QVERIFY2(m_redis->start(), qPrintable(m_redis->error()));
    QTRY_VERIFY_WITH_TIMEOUT(a->isHealthy() && b.isHealthy(), 15000); // backoff is at most 5 s
    QTRY_COMPARE(health.size(), 3); // one event per change, not one per failed retry
    QVERIFY(a->totals().reconnects >= 1);
    QVERIFY(a->publish(textFrame("after")));
    QTRY_COMPARE(b.totals().received, 1ULL);
}

QTEST_GUILESS_MAIN(TestRedisBus)
#include "tst_redisbus.moc"
