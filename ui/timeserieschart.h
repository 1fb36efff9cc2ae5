#pragma once

#include "chartoverlays.h"
#include "chartviewport.h"

#include <QChartView>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QTimer>

class QAbstractAxis;
class QAreaSeries;
class QLineSeries;
class QValueAxis;

// One live chart of values over run time. Points are buffered and drawn on one coalescing timer
// (replace() per series, never one append() per point). Which seconds it shows is its
// ChartViewport's business: wheel zooms, drag pans, double-click shows the whole run; hovering
// reads out every series at that second. A compared run's series (ComparisonSeries) are drawn
// dashed in the colour of the run's own.
class TimeSeriesChart : public QChartView
{
    Q_OBJECT
public:
    enum class Axis { Left, Right };

    // exportName: the file-name part for exports ("rate" -> run-rate.png), tied to the chart.
    TimeSeriesChart(const QString &exportName, const QString &title, const QString &leftAxisTitle, QWidget *parent = nullptr);

    QString exportName() const { return m_exportName; }
    void setLeftAxisTitle(const QString &title);
    void setRightAxisTitle(const QString &title); // enables a second y axis for series on Axis::Right
    // Gives these series the palette's colours in this order, so a run looks the same live and reopened.
    void reserveColours(const QStringList &seriesNames);
    // Series that often coincide (echo's four message rates) get different widths, widest first,
    // so each shows as an outline around the next instead of hiding it.
    void setLineWidth(const QString &series, double width) { m_widths.insert(series, width); }
    // A shorter name in the legend than in the hover read-out ("load recv" for "load received/s"),
    // so a chart a third of a 1366 px window wide lists every series without eliding.
    void setLegendLabel(const QString &series, const QString &label) { m_legendLabels.insert(series, label); }
    void setEmptyText(const QString &text); // shown while the chart has no series
    void setLogScaleAllowed(bool allowed) { m_logAllowed = allowed; }
    void setLogScale(bool on);
    bool isLogScale() const { return m_log; }
    // A dashed horizontal line across the whole chart (e.g. the machine's cores on a CPU chart);
    // an empty name removes it.
    void setReferenceLine(const QString &name, double y);
    // Spans of the run drawn shaded (dead time); empty removes them.
    void setMarkedIntervals(const QVector<QPair<double, double>> &intervals);

    // Creates a series now, empty: series are drawn and listed in the order they were created.
    void declareSeries(const QString &series, Axis axis = Axis::Left) { track(series, axis); }
    void appendPoint(const QString &series, double x, double y, Axis axis = Axis::Left);
    // One band per value, stacked in order (connections per worker thread).
    void appendStack(const QString &prefix, double x, const QVector<double> &values); // "prefix 1", "prefix 2", ...
    void appendStack(const QStringList &names, double x, const QVector<double> &values);
    // A value shown only in the hover read-out, below the drawn series: neither drawn nor in the
    // legend (a group's figures per process, under their sum).
    void appendReadoutOnly(const QString &name, double x, double y);
    void clear();
    void clearComparison();

    void setLive(bool live); // live: follow the newest points in a sliding window
    void setWindowSec(double seconds) { m_view.setWindowSec(seconds); }
    void showWholeRun();
    void showRange(double from, double to); // stops following live
    // The run's end across all charts, so every chart spans the same time even if its series stop earlier.
    void setTimeExtent(double endSec);
    void flush(); // draw what is buffered now (tests, export)
    // The chart drawn at the given size, whether or not it is on screen (export, headless runs).
    QPixmap image(const QSize &size);

    QStringList seriesNames() const;
    int pointCount(const QString &series) const;
    QPointF lastPoint(const QString &series) const;
    QString readoutAt(double x) const; // what the hover tooltip says at time x
    QPair<double, double> xRange() const { return m_view.range(); }
    bool isEmptyTextShown() const;

Q_SIGNALS:
    void viewChangedByUser(double from, double to); // zoomed or panned: the other charts follow

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    struct Track
    {
        QLineSeries *line = nullptr;
        QAreaSeries *area = nullptr; // stacked bands: line is the upper edge
        QList<QPointF> points;
        QList<double> raw; // stacked bands: each band's own value (points hold the running total)
        Axis axis = Axis::Left;
    };

    Track &track(const QString &name, Axis axis, bool area = false, QLineSeries *lowerEdge = nullptr);
    QColor colourFor(const QString &name);
    void scheduleFlush();
    void attach(QAbstractSeries *series, Axis axis);
    void updateRanges();
    void drawVisiblePoints();
    void placeOverlays();
    double dataEndX() const;
    double xAt(const QPointF &viewPos) const;

    QString m_exportName;
    QHash<QString, Track> m_tracks;
    QStringList m_order;
    QHash<QString, QList<QPointF>> m_readoutOnly;
    QStringList m_readoutOnlyOrder;
    QHash<QString, QColor> m_colours;
    QHash<QString, double> m_widths;
    QHash<QString, QString> m_legendLabels;
    QValueAxis *m_x = nullptr;
    QAbstractAxis *m_left = nullptr;
    QValueAxis *m_right = nullptr;
    QString m_leftTitle;
    ChartOverlays m_overlays;
    QLineSeries *m_reference = nullptr;
    double m_referenceY = 0;
    QTimer m_flushTimer;
    ChartViewport m_view;
    double m_timeExtent = 0;
    bool m_log = false;
    bool m_logAllowed = false;
    bool m_dragging = false;
    QPointF m_dragStart;
    double m_dragFrom = 0;
};
