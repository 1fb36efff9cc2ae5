#include <broadcasthub.h>
#include <localupgrades.h>
#include <serverconnection.h>
#include <subscriberfanout.h>

#include <QRegularExpression>
#include <QTest>
#include <QWebSocket>

#include <memory>

// Subscribers on real sockets (upgraded as a worker does it), their clients in this thread.
class TestSubscriberFanout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void everySubscriberGetsEachFrameAfterOneFlush();
    void removingOneKeepsTheOthers();
    void aSlowSubscriberMissesMessagesAndStays();
    void aClosingSubscriberGetsNothing();
    void framesFollowWhatQtStillHolds();
    void aDroppedSubscriberLeavesWithoutAWrite();
    void whatTheKernelDoesNotTakeQtSendsOn();

private:
    void subscribe(int count);

    std::unique_ptr<LocalUpgrades> m_upgrades;
    std::vector<std::unique_ptr<QWebSocket>> m_clients;
    std::vector<std::unique_ptr<ServerConnection>> m_connections;
    QList<QStringList> m_received; // what each client got, in order
};

void TestSubscriberFanout::init()
{
    m_upgrades = std::make_unique<LocalUpgrades>();
}

void TestSubscriberFanout::cleanup()
{
    m_clients.clear();
    m_connections.clear();
    m_upgrades.reset();
    m_received.clear();
}

void TestSubscriberFanout::subscribe(int count)
{
    for (int i = 0; i < count; ++i) {
        auto client = std::make_unique<QWebSocket>();
        const int index = int(m_clients.size());
        m_received.append(QStringList());
        connect(client.get(), &QWebSocket::textMessageReceived, this, [this, index](const QString &m) { m_received[index].append(m); });
        client->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/broadcast").arg(m_upgrades->port())));
        QTcpSocket *accepted = m_upgrades->nextAccepted();
        QVERIFY(accepted);
        QVERIFY(m_upgrades->handOverWhenHeadArrives(accepted));
        QTRY_COMPARE(client->state(), QAbstractSocket::ConnectedState);
        auto c = std::make_unique<ServerConnection>();
        c->socket = m_upgrades->upgraded().at(index).socket;
        c->tcp = m_upgrades->upgraded().at(index).parts.tcp;
        m_clients.push_back(std::move(client));
        m_connections.push_back(std::move(c));
    }
}

void TestSubscriberFanout::everySubscriberGetsEachFrameAfterOneFlush()
{
    subscribe(3);
    SubscriberFanout fanout(1 << 20);
    for (const auto &c : m_connections)
        fanout.add(c.get());
    const SubscriberFanout::Delivery first = fanout.deliver(BroadcastMessage::text(QStringLiteral("one")));
    QCOMPARE(first.sent, 3ULL);
    QVERIFY(first.flushNeeded);
    const SubscriberFanout::Delivery second = fanout.deliver(BroadcastMessage::text(QStringLiteral("two")));
    QVERIFY(!second.flushNeeded); // one flush for the pass
    for (const auto &c : m_connections)
        QVERIFY(c->awaitingFlush && c->usedSinceSweep);
    fanout.flush();
    for (const auto &c : m_connections)
        QVERIFY(!c->awaitingFlush);
    const QStringList both{QStringLiteral("one"), QStringLiteral("two")};
    QTRY_COMPARE(m_received, QList<QStringList>({both, both, both}));
}

// Swap-remove: the last subscriber takes the removed one's place, and one removed while its
// frames wait for the flush is off the flush list too.
void TestSubscriberFanout::removingOneKeepsTheOthers()
{
    subscribe(3);
    SubscriberFanout fanout(1 << 20);
    for (const auto &c : m_connections)
        fanout.add(c.get());
    fanout.deliver(BroadcastMessage::text(QStringLiteral("all")));
    fanout.remove(m_connections[0].get());
    QCOMPARE(fanout.size(), 2);
    QCOMPARE(m_connections[2]->subscriberIndex, 0);
    fanout.flush();
    QCOMPARE(fanout.deliver(BroadcastMessage::text(QStringLiteral("two left"))).sent, 2ULL);
    fanout.remove(m_connections[2].get());
    QCOMPARE(m_connections[1]->subscriberIndex, 0);
    QCOMPARE(fanout.deliver(BroadcastMessage::text(QStringLiteral("one left"))).sent, 1ULL);
    fanout.flush();
    QTRY_COMPARE(m_received.at(1), QStringList({QStringLiteral("all"), QStringLiteral("two left"), QStringLiteral("one left")}));
    QTRY_COMPARE(m_received.at(0), QStringList({QStringLiteral("all")})); // written before it left; Qt sends it on
    QTRY_COMPARE(m_received.at(2), QStringList({QStringLiteral("all"), QStringLiteral("two left")}));
}

void TestSubscriberFanout::aSlowSubscriberMissesMessagesAndStays()
{
    subscribe(1);
    SubscriberFanout fanout(16);
    fanout.add(m_connections[0].get());
    const QString big(64, QLatin1Char('x'));
    QCOMPARE(fanout.deliver(BroadcastMessage::text(big)).sent, 1ULL);
    // 66 unsent bytes now, over the bound of 16: the next message is dropped, not queued.
    const SubscriberFanout::Delivery over = fanout.deliver(BroadcastMessage::text(QStringLiteral("dropped")));
    QCOMPARE(over.sent, 0ULL);
    QCOMPARE(over.dropped, 1ULL);
    fanout.flush();
    QTRY_COMPARE(m_connections[0]->socket->bytesToWrite(), 0);
    QCOMPARE(fanout.deliver(BroadcastMessage::text(QStringLiteral("caught up"))).sent, 1ULL);
    fanout.flush();
    QTRY_COMPARE(m_received.at(0), QStringList({big, QStringLiteral("caught up")}));
}

void TestSubscriberFanout::aClosingSubscriberGetsNothing()
{
    subscribe(2);
    SubscriberFanout fanout(1 << 20);
    for (const auto &c : m_connections)
        fanout.add(c.get());
    m_connections[0]->closingSinceMs = 0; // the worker sent its close frame
    QCOMPARE(fanout.deliver(BroadcastMessage::text(QStringLiteral("late"))).sent, 1ULL);
    fanout.flush();
    QTRY_COMPARE(m_received.at(1), QStringList({QStringLiteral("late")}));
    QCOMPARE(m_received.at(0), QStringList());
}

// QtWebSockets' own write still waits in QTcpSocket's buffer: the broadcast goes after it, not
// into the kernel ahead of it.
void TestSubscriberFanout::framesFollowWhatQtStillHolds()
{
    subscribe(1);
    SubscriberFanout fanout(1 << 20);
    fanout.add(m_connections[0].get());
    QWebSocket *server = m_connections[0]->socket;
    server->sendTextMessage(QStringLiteral("first, through Qt"));
    QVERIFY(server->bytesToWrite() > 0);
    QCOMPARE(fanout.deliver(BroadcastMessage::text(QStringLiteral("then the broadcast"))).sent, 1ULL);
    fanout.flush();
    QTRY_COMPARE(m_received.at(0), QStringList({QStringLiteral("first, through Qt"), QStringLiteral("then the broadcast")}));
}

// A connection that dropped with frames queued (a server shutting down closes thousands so): its
// frames are discarded, not written to a closed socket (Qt warns once per write).
void TestSubscriberFanout::aDroppedSubscriberLeavesWithoutAWrite()
{
    subscribe(1);
    SubscriberFanout fanout(1 << 20);
    fanout.add(m_connections[0].get());
    QCOMPARE(fanout.deliver(BroadcastMessage::text(QStringLiteral("late"))).sent, 1ULL);
    m_connections[0]->tcp->abort();
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
    fanout.remove(m_connections[0].get());
    QCOMPARE(fanout.size(), 0);
    fanout.flush();
}

// Frames larger than the socket's send buffer: the kernel takes part of the first, the socket's own
// buffer keeps the rest and its write notifier sends it, byte for byte in order.
void TestSubscriberFanout::whatTheKernelDoesNotTakeQtSendsOn()
{
    subscribe(1);
    SubscriberFanout fanout(qint64(1) << 30);
    fanout.add(m_connections[0].get());
    QStringList sent;
    for (char fill : {'a', 'b', 'c'}) {
        sent.append(QString(8 << 20, QLatin1Char(fill)));
        QCOMPARE(fanout.deliver(BroadcastMessage::text(sent.last())).sent, 1ULL);
    }
    fanout.flush();
    QVERIFY2(m_connections[0]->socket->bytesToWrite() > 0, "the kernel took 24 MiB at once: the test needs bigger frames");
    QTRY_COMPARE_WITH_TIMEOUT(m_received.at(0).size(), 3, 20000);
    QCOMPARE(m_received.at(0), sent);
}

QTEST_GUILESS_MAIN(TestSubscriberFanout)
#include "tst_subscriberfanout.moc"
