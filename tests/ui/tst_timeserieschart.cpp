#include <comparisonseries.h>
#include <timeserieschart.h>

#include <QChart>
#include <QValueAxis>
#include <QXYSeries>
#include <QTest>

class TestTimeSeriesChart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void buffersUntilFlush();
    void liveWindowSlides();
    void readoutNamesEverySeriesNearTheCursor();
    void stackedBandsReadTheirOwnValue();
    void comparisonSeriesComeAndGo();
    void logScaleOnlyWhereAllowed();
    void imageHasTheAskedSize();
    void anHourOfSamplesStaysWhole();
    void emptyTextGoesWhenDataArrives();
    void referenceLineAndMarkedSpans();
    void exportNameBelongsToTheChart();
};

void TestTimeSeriesChart::buffersUntilFlush()
{
    TimeSeriesChart chart(QStringLiteral("rate"), QStringLiteral("Rate"), QStringLiteral("msg/s"));
    chart.appendPoint(QStringLiteral("sent/s"), 1, 100);
    chart.appendPoint(QStringLiteral("sent/s"), 2, 200);
    QCOMPARE(chart.pointCount(QStringLiteral("sent/s")), 2);
    QCOMPARE(chart.chart()->series().size(), 1);
    auto *series = static_cast<QXYSeries *>(chart.chart()->series().constFirst());
    QCOMPARE(series->count(), 0); // not drawn yet: one redraw per batch
    chart.flush();
    QCOMPARE(series->count(), 2);
    QCOMPARE(chart.lastPoint(QStringLiteral("sent/s")), QPointF(2, 200));
    // The coalescing timer draws on its own too.
    chart.appendPoint(QStringLiteral("sent/s"), 3, 300);
    QTRY_COMPARE(series->count(), 3);
}

void TestTimeSeriesChart::liveWindowSlides()
{
    TimeSeriesChart chart(QStringLiteral("rate"), QStringLiteral("Rate"), QStringLiteral("msg/s"));
    chart.setWindowSec(60);
    chart.setLive(true);
    chart.appendPoint(QStringLiteral("sent/s"), 0, 0);
    chart.appendPoint(QStringLiteral("sent/s"), 14, 0);
    chart.flush();
    QCOMPARE(chart.xRange(), qMakePair(0.0, 20.0)); // the axis grows with a young run
    for (int t = 15; t <= 200; ++t)
        chart.appendPoint(QStringLiteral("sent/s"), t, t);
    chart.flush();
    QCOMPARE(chart.xRange(), qMakePair(140.0, 200.0));
    chart.showWholeRun();
    QCOMPARE(chart.xRange(), qMakePair(0.0, 200.0));
    chart.showRange(10, 20);
    chart.appendPoint(QStringLiteral("sent/s"), 201, 1);
    chart.flush();
    QCOMPARE(chart.xRange(), qMakePair(10.0, 20.0)); // zoomed in: new points do not yank the view away
    chart.setLive(true);
    QCOMPARE(chart.xRange(), qMakePair(141.0, 201.0));
}

void TestTimeSeriesChart::readoutNamesEverySeriesNearTheCursor()
{
    TimeSeriesChart chart(QStringLiteral("latency"), QStringLiteral("Latency"), QStringLiteral("ms"));
    chart.appendPoint(QStringLiteral("p50"), 1, 2.5);
    chart.appendPoint(QStringLiteral("p50"), 2, 3.5);
    chart.appendPoint(QStringLiteral("p99"), 2, 41);
    chart.appendPoint(QStringLiteral("p99"), 9, 99);
    const QString at2 = chart.readoutAt(2.2);
    QVERIFY2(at2.contains(QLatin1String("p50: <b>3.5</b>")), qPrintable(at2));
    QVERIFY2(at2.contains(QLatin1String("p99: <b>41</b>")), qPrintable(at2));
    const QString at6 = chart.readoutAt(6);
    QVERIFY2(!at6.contains(QLatin1String("p50")), qPrintable(at6)); // no p50 sample within a second of t=6
}

void TestTimeSeriesChart::stackedBandsReadTheirOwnValue()
{
    TimeSeriesChart chart(QStringLiteral("connections"), QStringLiteral("Connections"), QStringLiteral("connections"));
    chart.appendStack(QStringLiteral("worker"), 1, {300, 200});
    QCOMPARE(chart.seriesNames(), (QStringList{QStringLiteral("worker 1"), QStringLiteral("worker 2")}));
    QCOMPARE(chart.lastPoint(QStringLiteral("worker 2")), QPointF(1, 500)); // drawn on top of worker 1
    QVERIFY(chart.readoutAt(1).contains(QLatin1String("worker 2: <b>200</b>")));
    QCOMPARE(chart.chart()->series().constFirst()->type(), QAbstractSeries::SeriesTypeArea);
}

void TestTimeSeriesChart::comparisonSeriesComeAndGo()
{
    TimeSeriesChart chart(QStringLiteral("rate"), QStringLiteral("Rate"), QStringLiteral("msg/s"));
    chart.appendPoint(QStringLiteral("sent/s"), 1, 1);
    chart.appendPoint(ComparisonSeries::of(QStringLiteral("sent/s")), 1, 2);
    QCOMPARE(chart.chart()->series().size(), 2);
    auto *b = static_cast<QXYSeries *>(chart.chart()->series().at(1));
    auto *a = static_cast<QXYSeries *>(chart.chart()->series().at(0));
    QCOMPARE(b->pen().style(), Qt::DashLine);
    QCOMPARE(b->pen().color(), a->pen().color());
    chart.clearComparison();
    QCOMPARE(chart.seriesNames(), QStringList{QStringLiteral("sent/s")});
    QCOMPARE(chart.chart()->series().size(), 1);
}

void TestTimeSeriesChart::logScaleOnlyWhereAllowed()
{
    TimeSeriesChart rate(QStringLiteral("rate"), QStringLiteral("Rate"), QStringLiteral("msg/s"));
    rate.setLogScale(true);
    QVERIFY(!rate.isLogScale());
    TimeSeriesChart latency(QStringLiteral("latency"), QStringLiteral("Latency"), QStringLiteral("ms"));
    latency.setLogScaleAllowed(true);
    latency.appendPoint(QStringLiteral("p99"), 1, 0.5);
    latency.appendPoint(QStringLiteral("p99"), 2, 800);
    latency.setLogScale(true);
    latency.flush();
    QVERIFY(latency.isLogScale());
    const auto axes = latency.chart()->axes(Qt::Vertical);
    QCOMPARE(axes.size(), 1);
    QCOMPARE(axes.constFirst()->type(), QAbstractAxis::AxisTypeLogValue);
    QCOMPARE(latency.chart()->series().constFirst()->attachedAxes().size(), 2);
}

void TestTimeSeriesChart::imageHasTheAskedSize()
{
    TimeSeriesChart chart(QStringLiteral("rate"), QStringLiteral("Rate"), QStringLiteral("msg/s"));
    chart.appendPoint(QStringLiteral("sent/s"), 1, 1);
    const QPixmap image = chart.image(QSize(640, 300));
    QCOMPARE(image.size(), QSize(640, 300));
    QVERIFY(!image.toImage().isNull());
}

void TestTimeSeriesChart::anHourOfSamplesStaysWhole()
{
    // A one-hour run: 3,600 points per series, all kept (zoom shows any second of the hour).
    TimeSeriesChart chart(QStringLiteral("rate"), QStringLiteral("Rate"), QStringLiteral("msg/s"));
    for (int t = 1; t <= 3600; ++t) {
        chart.appendPoint(QStringLiteral("sent/s"), t, 50000 + t % 100);
        chart.appendPoint(QStringLiteral("received/s"), t, 50000 - t % 100);
    }
    chart.flush();
    QCOMPARE(chart.pointCount(QStringLiteral("sent/s")), 3600);
    auto *drawn = static_cast<QXYSeries *>(chart.chart()->series().constFirst());
    QVERIFY2(drawn->count() < 1000, "the whole hour is drawn decimated to the plot's width");
    chart.showRange(1800, 1830);
    QCOMPARE(chart.xRange(), qMakePair(1800.0, 1830.0));
    QCOMPARE(drawn->count(), 32); // zoomed in: every second, plus a neighbour either side
    QVERIFY(chart.readoutAt(1815).contains(QLatin1String("50,015")));
}

void TestTimeSeriesChart::emptyTextGoesWhenDataArrives()
{
    // It was painted over the view and left half-erased once series came; now it is a scene item.
    TimeSeriesChart chart(QStringLiteral("errors"), QStringLiteral("Errors"), QStringLiteral("per second"));
    chart.setEmptyText(QStringLiteral("No errors so far"));
    QVERIFY(chart.isEmptyTextShown());
    chart.appendPoint(QStringLiteral("load lost/s"), 1, 3);
    QVERIFY(!chart.isEmptyTextShown());
    chart.clear();
    QVERIFY(chart.isEmptyTextShown());
}

void TestTimeSeriesChart::referenceLineAndMarkedSpans()
{
    TimeSeriesChart chart(QStringLiteral("cpu"), QStringLiteral("CPU"), QStringLiteral("%"));
    chart.appendPoint(QStringLiteral("server CPU"), 1, 50);
    chart.setReferenceLine(QStringLiteral("all 2 cores"), 200);
    chart.flush();
    QCOMPARE(chart.chart()->series().size(), 2);
    auto *axis = static_cast<QValueAxis *>(chart.chart()->axes(Qt::Vertical).constFirst());
    QVERIFY(axis->max() >= 200); // the line stays in view
    QVERIFY(!chart.seriesNames().contains(QStringLiteral("all 2 cores"))); // not a data series: no readout
    chart.setMarkedIntervals({{0.5, 1.0}});
    chart.clear(); // a new run: no shaded spans, the reference stays
    QCOMPARE(chart.chart()->series().size(), 1);
    chart.setReferenceLine(QString(), 0);
    QCOMPARE(chart.chart()->series().size(), 0);
}

void TestTimeSeriesChart::exportNameBelongsToTheChart()
{
    TimeSeriesChart chart(QStringLiteral("memory"), QStringLiteral("Memory"), QStringLiteral("MiB"));
    QCOMPARE(chart.exportName(), QStringLiteral("memory"));
}

QTEST_MAIN(TestTimeSeriesChart)
#include "tst_timeserieschart.moc"
