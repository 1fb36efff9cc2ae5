// RFC 6455 conformance of socketscope-server: every case of the catalogue that
// `socketscope-load --conformance` runs against any server, here against ours, over raw sockets.
#include <conformancerunner.h>
#include <jsonline.h>

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

class TestConformance : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rfc6455_data();
    void rfc6455();

private:
    QProcess m_server;
    QUrl m_url;
    QHash<QString, ConformanceResult> m_results;
};

namespace {

constexpr qint64 kMaxMessageBytes = 256 * 1024;

QVector<ConformanceCase> catalogue(const QUrl &url)
{
    return ConformanceCatalogue::cases(url, kMaxMessageBytes);
}

} // namespace

void TestConformance::initTestCase()
{
    m_server.start(QStringLiteral(SERVER_BINARY), {QStringLiteral("--json"), QStringLiteral("--port"), QStringLiteral("0"),
                                                   QStringLiteral("--max-message-bytes"), QString::number(kMaxMessageBytes),
                                                   QStringLiteral("--duration"), QStringLiteral("120")});
    QVERIFY(m_server.waitForReadyRead(10000));
    const JsonLine ready = JsonLine::parse(m_server.readLine());
    QCOMPARE(ready.kind, JsonLine::Kind::Ready);
    m_url = QUrl(ready.object.value(QLatin1String("echo")).toString());

    ConformanceRunner runner;
    QSignalSpy finished(&runner, &ConformanceRunner::finished);
    const QVector<ConformanceCase> cases = catalogue(m_url);
    runner.run(m_url, cases);
    QVERIFY(finished.wait(int(cases.size()) * ConformanceRunner::kCaseTimeoutMs + 5000));
    for (const ConformanceResult &r : runner.results())
        m_results.insert(r.testCase.id, r);
    QCOMPARE(m_results.size(), cases.size());
}

void TestConformance::cleanupTestCase()
{
    m_server.terminate();
    m_server.waitForFinished(6000);
}

void TestConformance::rfc6455_data()
{
    QTest::addColumn<QString>("id");
    for (const ConformanceCase &c : catalogue(QUrl(QStringLiteral("ws://127.0.0.1:1/ws"))))
        QTest::newRow(qPrintable(c.section + QLatin1Char(' ') + c.id)) << c.id;
}

void TestConformance::rfc6455()
{
    QFETCH(QString, id);
    const ConformanceResult r = m_results.value(id);
    QVERIFY2(r.passed, qPrintable(QStringLiteral("%1 — sent %2; got %3").arg(r.testCase.title, r.testCase.sentSummary(), r.got)));
}

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
