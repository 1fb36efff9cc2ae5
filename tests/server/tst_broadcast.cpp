#include <testserver.h>

#include <QSignalSpy>
#include <QWebSocket>

class TestBroadcast : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reachesEverySubscriberOnEveryWorkerExactlyOnce();
    void binaryFansOutToo();
};

namespace {

using Sockets = std::vector<std::unique_ptr<QWebSocket>>;

Sockets subscribe(const TestServer &server, int count)
{
    Sockets sockets;
    for (int i = 0; i < count; ++i) {
        sockets.push_back(std::make_unique<QWebSocket>());
        if (!openAndWait(*sockets.back(), server.url(QStringLiteral("/broadcast"))))
            qWarning("subscriber %d did not connect", i);
    }
    return sockets;
}

} // namespace

void TestBroadcast::reachesEverySubscriberOnEveryWorkerExactlyOnce()
{
    ServerConfig config;
    config.workers = 3;
    TestServer server(config);
    QVERIFY2(server.started(), qPrintable(server.error()));
    constexpr int kSubscribers = 9;
    constexpr int kMessages = 20;
    Sockets sockets = subscribe(server, kSubscribers);
    std::vector<std::unique_ptr<QSignalSpy>> spies;
    for (auto &s : sockets)
        spies.push_back(std::make_unique<QSignalSpy>(s.get(), &QWebSocket::textMessageReceived));
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().subscribers, quint64(kSubscribers), 5000);
    for (quint64 perWorker : server.engine().totals().connectionsPerWorker)
        QVERIFY(perWorker >= 1); // subscribers on every worker: delivery must cross threads

    for (int i = 0; i < kMessages; ++i)
        sockets[size_t(i % 2)]->sendTextMessage(QStringLiteral("m%1").arg(i));
    for (auto &spy : spies)
        QTRY_COMPARE_WITH_TIMEOUT(spy->size(), kMessages, 5000);
    QTest::qWait(100); // a duplicate would arrive now
    for (auto &spy : spies) {
        QCOMPARE(spy->size(), kMessages);
        QSet<QString> distinct;
        for (const auto &args : *spy)
            distinct.insert(args.first().toString());
        QCOMPARE(distinct.size(), kMessages);
    }
    const ServerTotals t = server.engine().totals();
    QCOMPARE(t.messagesReceived, quint64(kMessages));
    QCOMPARE(t.messagesSent, quint64(kMessages * kSubscribers));
    QCOMPARE(t.broadcastDrops, 0ULL);
}

void TestBroadcast::binaryFansOutToo()
{
    TestServer server;
    QVERIFY(server.started());
    Sockets sockets = subscribe(server, 4);
    QSignalSpy last(sockets.back().get(), &QWebSocket::binaryMessageReceived);
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().subscribers, 4ULL, 5000);
    const QByteArray payload(1000, '\x7f');
    sockets.front()->sendBinaryMessage(payload);
    QVERIFY(last.wait(5000));
    QCOMPARE(last.first().first().toByteArray(), payload);
}

QTEST_GUILESS_MAIN(TestBroadcast)
#include "tst_broadcast.moc"
