#pragma once

#include <QColor>
#include <QList>
#include <QPair>
#include <QRectF>
#include <QString>
#include <QVector>

class QChart;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QPalette;

// What a chart draws besides its series, as items of its scene (so a repaint erases them cleanly,
// unlike text painted over the view): the message of an empty chart, the hover cursor, and shaded
// spans of the run (dead time).
class ChartOverlays
{
public:
    ChartOverlays(QChart *chart, const QPalette &palette);

    void setEmptyText(const QString &text);
    void setEmpty(bool empty);
    bool isEmptyTextShown() const;
    void setMarkedIntervals(const QVector<QPair<double, double>> &intervals);
    void showCursor(double sceneX);
    void hideCursor();
    // Lays everything out for the plot area showing fromSec..toSec.
    void place(const QRectF &plotArea, double fromSec, double toSec);

private:
    QChart *m_chart;
    QGraphicsSimpleTextItem *m_emptyLabel;
    QGraphicsLineItem *m_cursor;
    QVector<QPair<double, double>> m_marked;
    QList<QGraphicsRectItem *> m_markItems;
    QColor m_shade;
    QRectF m_plot;
};
