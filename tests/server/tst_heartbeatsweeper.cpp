#include <heartbeatsweeper.h>

#include <QTest>

class TestHeartbeatSweeper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pingsEveryIntervalAndExpiresSilentPeers();
    void trafficKeepsAConnectionAlive();
    void anAnswerWaitingUnreadPutsExpiryOff();
    void disabledNeverActs();
    void tickIsBounded();
};

using Action = HeartbeatSweeper::Action;

void TestHeartbeatSweeper::pingsEveryIntervalAndExpiresSilentPeers()
{
    const HeartbeatSweeper sweeper(1000, 2000);
    HeartbeatState state;
    sweeper.start(state, 0);
    QCOMPARE(sweeper.visit(state, 500), Action::None);
    QCOMPARE(sweeper.visit(state, 1000), Action::Ping);
    QCOMPARE(sweeper.visit(state, 1500), Action::None);
    QCOMPARE(sweeper.visit(state, 1999), Action::None);
    QCOMPARE(sweeper.visit(state, 2000), Action::Expire);
}

void TestHeartbeatSweeper::trafficKeepsAConnectionAlive()
{
    const HeartbeatSweeper sweeper(1000, 2000);
    HeartbeatState state;
    sweeper.start(state, 0);
    for (qint64 now = 250; now <= 10000; now += 250) {
        state.seenSinceSweep = (now % 1000) == 0; // a pong or message once a second
        QVERIFY(sweeper.visit(state, now) != Action::Expire);
    }
}

void TestHeartbeatSweeper::anAnswerWaitingUnreadPutsExpiryOff()
{
    const HeartbeatSweeper sweeper(1000, 2000);
    HeartbeatState state;
    sweeper.start(state, 0);
    QCOMPARE(sweeper.visit(state, 2000), Action::Expire);
    sweeper.answerWaitsUnread(state, 2000);
    QCOMPARE(sweeper.visit(state, 2250), Action::Ping); // asked again, as for any peer
    QCOMPARE(sweeper.visit(state, 3000), Action::None);
    QCOMPARE(sweeper.visit(state, 4000), Action::Expire); // a full timeout later, if nothing was read
}

void TestHeartbeatSweeper::disabledNeverActs()
{
    const HeartbeatSweeper sweeper(0, 0);
    HeartbeatState state;
    sweeper.start(state, 0);
    QVERIFY(!sweeper.enabled());
    QCOMPARE(sweeper.visit(state, 1000000), Action::None);
}

void TestHeartbeatSweeper::tickIsBounded()
{
    QCOMPARE(HeartbeatSweeper(30000, 60000).tickMs(), 1000);
    QCOMPARE(HeartbeatSweeper(100, 200).tickMs(), 50);
    QCOMPARE(HeartbeatSweeper(1000, 2000).tickMs(), 250);
}

QTEST_GUILESS_MAIN(TestHeartbeatSweeper)
#include "tst_heartbeatsweeper.moc"
