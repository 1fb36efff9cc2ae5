#include <eventlogmodel.h>
#include <sessionmodel.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class TestEventLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void insertsInBatches();
    void resetsWithTheSession();
};

void TestEventLogModel::insertsInBatches()
{
    SessionModel session;
    EventLogModel log(&session);
    QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&log, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 50; ++i)
        session.appendEvent({double(i), QStringLiteral("load"), QStringLiteral("connect_http_503"), QStringLiteral("refused %1").arg(i)});
    QCOMPARE(log.rowCount(), 0);
    QTRY_COMPARE(log.rowCount(), 50);
    QCOMPARE(inserted.count(), 1); // one insert for the burst
    QCOMPARE(log.data(log.index(49, EventLogModel::Message)).toString(), QStringLiteral("refused 49"));
    QCOMPARE(log.data(log.index(3, EventLogModel::Time)).toString(), QStringLiteral("3.0"));
    QVERIFY(log.data(log.index(0, EventLogModel::Kind), Qt::ForegroundRole).isValid()); // failures stand out
    QCOMPARE(log.headerData(EventLogModel::Source, Qt::Horizontal).toString(), QStringLiteral("Source"));
}

void TestEventLogModel::resetsWithTheSession()
{
    SessionModel session;
    EventLogModel log(&session);
    QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Session saved;
    saved.events = {{1, QStringLiteral("console"), QStringLiteral("child_exited"), QStringLiteral("socketscope-load stopped")}};
    session.load(saved);
    QCOMPARE(log.rowCount(), 1);
    QVERIFY(!log.data(log.index(0, EventLogModel::Kind), Qt::ForegroundRole).isValid()); // a requested stop is not a failure
    session.load(Session());
    QCOMPARE(log.rowCount(), 0);
}

QTEST_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
