#include <testserver.h>

#include <QSignalSpy>
#include <QWebSocket>

class TestShutdown : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stopSendsGoingAwayToEveryClient();
};

void TestShutdown::stopSendsGoingAwayToEveryClient()
{
    TestServer server;
    QVERIFY(server.started());
    std::vector<std::unique_ptr<QWebSocket>> clients;
    for (int i = 0; i < 6; ++i) {
        clients.push_back(std::make_unique<QWebSocket>());
        QVERIFY(openAndWait(*clients.back(), server.url(i % 2 ? QStringLiteral("/ws") : QStringLiteral("/broadcast"))));
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().connections, 6ULL, 5000);
    QSignalSpy stopped(&server.engine(), &ServerEngine::stopped);
    std::vector<std::unique_ptr<QSignalSpy>> disconnects;
    for (auto &c : clients)
        disconnects.push_back(std::make_unique<QSignalSpy>(c.get(), &QWebSocket::disconnected));

    server.engine().stop();
    QVERIFY(stopped.wait(5000));
    for (size_t i = 0; i < clients.size(); ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(disconnects[i]->size(), 1, 5000);
        QCOMPARE(clients[i]->closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    }
    QVERIFY(!server.engine().isRunning());
    QVERIFY(httpGet(server.port(), "/healthz").isEmpty()); // no longer listening
}

QTEST_GUILESS_MAIN(TestShutdown)
#include "tst_shutdown.moc"
