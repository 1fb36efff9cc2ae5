#include <requestrouter.h>
#include <serverconfig.h>

#include <QTest>

class TestRequestRouter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void route_data();
    void route();
    void tokens_data();
    void tokens();
};

namespace {
const QByteArray kUpgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
}

void TestRequestRouter::route_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("atCapacity");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    using K = RouteDecision::Kind;
    QTest::newRow("echo") << "GET /ws HTTP/1.1\r\n" + kUpgrade + "\r\n" << false << int(K::Echo) << 0;
    QTest::newRow("broadcast") << "GET /broadcast HTTP/1.1\r\n" + kUpgrade + "\r\n" << false << int(K::Broadcast) << 0;
    QTest::newRow("metrics") << QByteArray("GET /metrics HTTP/1.1\r\n\r\n") << false << int(K::Metrics) << 0;
    QTest::newRow("healthz") << QByteArray("GET /healthz HTTP/1.1\r\n\r\n") << false << int(K::Health) << 0;
    QTest::newRow("unknown path") << QByteArray("GET /x HTTP/1.1\r\n\r\n") << false << int(K::Reject) << 404;
    QTest::newRow("POST") << QByteArray("POST /ws HTTP/1.1\r\n\r\n") << false << int(K::Reject) << 405;
    QTest::newRow("HTTP/1.0") << QByteArray("GET /ws HTTP/1.0\r\n\r\n") << false << int(K::Reject) << 400;
    QTest::newRow("ws path without upgrade") << QByteArray("GET /ws HTTP/1.1\r\n\r\n") << false << int(K::Reject) << 426;
    QTest::newRow("version 8") << "GET /ws HTTP/1.1\r\n" + QByteArray(kUpgrade).replace("Version: 13", "Version: 8") + "\r\n"
                               << false << int(K::Reject) << 426;
    QTest::newRow("no key") << QByteArray("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                          "Sec-WebSocket-Version: 13\r\n\r\n")
                            << false << int(K::Reject) << 400;
    QTest::newRow("full") << "GET /ws HTTP/1.1\r\n" + kUpgrade + "\r\n" << true << int(K::Reject) << 503;
    QTest::newRow("head too large") << "GET /ws HTTP/1.1\r\nX: " + QByteArray(9000, 'a') << false << int(K::Reject) << 431;
}

void TestRequestRouter::route()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, atCapacity);
    QFETCH(int, kind);
    QFETCH(int, status);
    const RouteDecision d = RequestRouter::route(HttpRequestHead::parse(request), ServerConfig(), atCapacity);
    QCOMPARE(int(d.kind), kind);
    QCOMPARE(d.status, status);
}

void TestRequestRouter::tokens_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray upgrade = "GET /ws HTTP/1.1\r\n" + kUpgrade;
    QTest::newRow("bearer") << upgrade + "Authorization: Bearer s3cret\r\n\r\n" << 0;
    QTest::newRow("query") << QByteArray("GET /ws?token=s3cret HTTP/1.1\r\n") + kUpgrade + "\r\n" << 0;
    QTest::newRow("none") << upgrade + "\r\n" << 401;
    QTest::newRow("prefix of it") << upgrade + "Authorization: Bearer s3cre\r\n\r\n" << 401;
    QTest::newRow("longer") << upgrade + "Authorization: Bearer s3cret!\r\n\r\n" << 401;
    QTest::newRow("not bearer") << upgrade + "Authorization: s3cret\r\n\r\n" << 401;
    QTest::newRow("metrics token on an upgrade") << upgrade + "Authorization: Bearer m3trics\r\n\r\n" << 401;
    QTest::newRow("metrics without a token") << QByteArray("GET /metrics HTTP/1.1\r\n\r\n") << 401;
    QTest::newRow("healthz without a token") << QByteArray("GET /healthz HTTP/1.1\r\n\r\n") << 401;
    QTest::newRow("metrics with the upgrade token") << QByteArray("GET /metrics HTTP/1.1\r\nAuthorization: Bearer s3cret\r\n\r\n") << 401;
    QTest::newRow("metrics, bearer") << QByteArray("GET /metrics HTTP/1.1\r\nAuthorization: Bearer m3trics\r\n\r\n") << 0;
    QTest::newRow("healthz, query") << QByteArray("GET /healthz?token=m3trics HTTP/1.1\r\n\r\n") << 0;
}

// Regression (issue 12): with --token, /metrics and /healthz were open to anyone; --metrics-token closes them.
void TestRequestRouter::tokens()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    ServerConfig config;
    config.token = QStringLiteral("s3cret");
    config.metricsToken = QStringLiteral("m3trics");
    const RouteDecision d = RequestRouter::route(HttpRequestHead::parse(request), config, false);
    QCOMPARE(d.status, status);
    if (status == 401) {
        QCOMPARE(int(d.refusal), int(Refusal::Unauthorized));
        QCOMPARE(d.headers.value(0).first, QByteArray("WWW-Authenticate"));
    }
}

QTEST_GUILESS_MAIN(TestRequestRouter)
#include "tst_requestrouter.moc"
