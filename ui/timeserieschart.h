#pragma once

#include <QChartView>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QTimer>

class QAbstractAxis;
class QAreaSeries;
class QGraphicsLineItem;
class QLineSeries;
class QValueAxis;

// One live chart of values over run time. Points are buffered and drawn on one coalescing timer
// (replace() per series, never one append() per point). While live it slides over the last
// window; wheel zooms, drag pans, double-click shows the whole run; hovering reads out every
// series at that second. A series named "x · B" is drawn dashed in the colour of "x" (compare).
class TimeSeriesChart : public QChartView
{
    Q_OBJECT
public:
    enum class Axis { Left, Right };

    TimeSeriesChart(const QString &title, const QString &leftAxisTitle, QWidget *parent = nullptr);

    void setRightAxisTitle(const QString &title); // enables a second y axis for series on Axis::Right
    // Gives these series the palette's colours in this order, so a run looks the same live and reopened.
    void reserveColours(const QStringList &seriesNames);
    void setEmptyText(const QString &text) { m_emptyText = text; } // shown while the chart has no series
    void setLogScaleAllowed(bool allowed) { m_logAllowed = allowed; }
    void setLogScale(bool on);
    bool isLogScale() const { return m_log; }

    void appendPoint(const QString &series, double x, double y, Axis axis = Axis::Left);
    // One band per value, stacked in order (connections per worker thread).
    void appendStack(const QString &prefix, double x, const QVector<double> &values);
    void clear();
    void clearSeriesEndingWith(const QString &suffix);

    void setLive(bool live); // live: follow the newest points in a sliding window
    void setWindowSec(double seconds) { m_windowSec = seconds; }
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
    QPair<double, double> xRange() const;

Q_SIGNALS:
    void viewChangedByUser(double from, double to); // zoomed or panned: the other charts follow

protected:
    void drawForeground(QPainter *painter, const QRectF &rect) override;
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
    void setXRange(double from, double to, bool follow);
    double dataEndX() const;
    double xAt(const QPointF &viewPos) const;

    QHash<QString, Track> m_tracks;
    QStringList m_order;
    QHash<QString, QColor> m_colours;
    QValueAxis *m_x = nullptr;
    QAbstractAxis *m_left = nullptr;
    QValueAxis *m_right = nullptr;
    QString m_leftTitle;
    QString m_emptyText;
    QGraphicsLineItem *m_cursor = nullptr;
    QTimer m_flushTimer;
    double m_windowSec = 120;
    double m_timeExtent = 0;
    double m_viewFrom = 0;
    double m_viewTo = 0;
    bool m_live = false;
    bool m_follow = true;
    bool m_log = false;
    bool m_logAllowed = false;
    bool m_dragging = false;
    QPointF m_dragStart;
    double m_dragFrom = 0;
};
