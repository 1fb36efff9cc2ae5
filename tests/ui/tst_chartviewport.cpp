#include <chartviewport.h>

#include <QTest>

class TestChartViewport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void liveGrowsInStepsThenSlides();
    void stoppedShowsTheWholeRun();
    void userRangeHoldsUntilFollowedAgain();
    void rangesStayWithinTheData();
    void wheelZoomsAroundTheCursor();
    void dragPansByTheDelta();
    void valueRangesHaveHeadroom();
};

void TestChartViewport::liveGrowsInStepsThenSlides()
{
    ChartViewport view;
    view.setWindowSec(60);
    view.setLive(true);
    view.update(3);
    QCOMPARE(view.range(), qMakePair(0.0, 10.0));
    view.update(14);
    QCOMPARE(view.range(), qMakePair(0.0, 20.0)); // 14 s * 1.2, up to the next 10 s
    view.update(55);
    QCOMPARE(view.range(), qMakePair(0.0, 60.0));
    view.update(200);
    QCOMPARE(view.range(), qMakePair(140.0, 200.0));
}

void TestChartViewport::stoppedShowsTheWholeRun()
{
    ChartViewport view;
    view.update(0.2);
    QCOMPARE(view.range(), qMakePair(0.0, 1.0));
    view.update(300);
    QCOMPARE(view.range(), qMakePair(0.0, 300.0));
}

void TestChartViewport::userRangeHoldsUntilFollowedAgain()
{
    ChartViewport view;
    view.setLive(true);
    view.update(200);
    view.showRange(10, 20, 200);
    QVERIFY(!view.isFollowing());
    view.update(201);
    QCOMPARE(view.range(), qMakePair(10.0, 20.0));
    view.setLive(true);
    view.update(201);
    QCOMPARE(view.range(), qMakePair(81.0, 201.0)); // the default 120 s window
    view.showWholeRun(201); // while live, the whole run is a chosen range
    QCOMPARE(view.range(), qMakePair(0.0, 201.0));
    QVERIFY(!view.isFollowing());
}

void TestChartViewport::rangesStayWithinTheData()
{
    ChartViewport view;
    view.showRange(-50, 10, 100);
    QCOMPARE(view.range(), qMakePair(0.0, 60.0));
    view.showRange(90, 200, 100);
    QCOMPARE(view.range(), qMakePair(0.0, 100.0)); // no wider than the run
    view.showRange(50, 50.5, 100);
    QCOMPARE(view.range(), qMakePair(50.0, 52.0)); // at least 2 s
}

void TestChartViewport::wheelZoomsAroundTheCursor()
{
    ChartViewport view;
    view.showRange(0, 100, 100);
    view.zoom(50, 0.8, 100);
    QCOMPARE(view.range(), qMakePair(10.0, 90.0));
    view.zoom(10, 1.25, 100);
    QCOMPARE(view.range(), qMakePair(0.0, 100.0));
}

void TestChartViewport::dragPansByTheDelta()
{
    ChartViewport view;
    view.showRange(20, 40, 100);
    view.pan(20, 15, 100);
    QCOMPARE(view.range(), qMakePair(35.0, 55.0));
    view.pan(35, 100, 100);
    QCOMPARE(view.range(), qMakePair(80.0, 100.0)); // stops at the end
}

void TestChartViewport::valueRangesHaveHeadroom()
{
    QCOMPARE(ChartViewport::valueRange(100, 1, false), qMakePair(0.0, 108.0));
    QCOMPARE(ChartViewport::valueRange(0, 0, false), qMakePair(0.0, 1.0));
    QCOMPARE(ChartViewport::valueRange(800, 0.5, true), qMakePair(0.1, 1000.0));
}

QTEST_GUILESS_MAIN(TestChartViewport)
#include "tst_chartviewport.moc"
