#include <seriesdecimator.h>

#include <QTest>

class TestSeriesDecimator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shortSeriesPassThrough();
    void visibleSliceKeepsOneNeighbourEachSide();
    void longSeriesKeepEverySpike();
};

namespace {

QList<QPointF> ramp(int n)
{
    QList<QPointF> points;
    for (int i = 0; i < n; ++i)
        points.append(QPointF(i, i % 10));
    return points;
}

} // namespace

void TestSeriesDecimator::shortSeriesPassThrough()
{
    const QList<QPointF> points = ramp(50);
    QCOMPARE(SeriesDecimator::pointsToDraw(points, 0, 49, 600), points);
    QVERIFY(SeriesDecimator::pointsToDraw({}, 0, 10, 600).isEmpty());
}

void TestSeriesDecimator::visibleSliceKeepsOneNeighbourEachSide()
{
    const QList<QPointF> drawn = SeriesDecimator::pointsToDraw(ramp(3600), 100.5, 160.5, 600);
    QCOMPARE(drawn.constFirst().x(), 100.0); // just left of the view, so the line reaches its edge
    QCOMPARE(drawn.constLast().x(), 161.0);
    QCOMPARE(drawn.size(), 62);
}

void TestSeriesDecimator::longSeriesKeepEverySpike()
{
    QList<QPointF> points = ramp(3600);
    points[1234].setY(5000); // a one-second spike in an hour
    points[2345].setY(-40);
    const QList<QPointF> drawn = SeriesDecimator::pointsToDraw(points, 0, 3600, 300);
    QVERIFY(drawn.size() <= 2 * 300 + 2);
    QVERIFY(drawn.contains(QPointF(1234, 5000)));
    QVERIFY(drawn.contains(QPointF(2345, -40)));
    for (int i = 1; i < drawn.size(); ++i)
        QVERIFY(drawn.at(i - 1).x() < drawn.at(i).x()); // still a line in time order
}

QTEST_GUILESS_MAIN(TestSeriesDecimator)
#include "tst_seriesdecimator.moc"
