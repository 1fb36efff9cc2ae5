#include "chartoverlays.h"

#include <QBrush>
#include <QChart>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QPalette>
#include <QPen>

ChartOverlays::ChartOverlays(QChart *chart, const QPalette &palette)
    : m_chart(chart)
    , m_emptyLabel(new QGraphicsSimpleTextItem(chart))
    , m_cursor(new QGraphicsLineItem(chart))
    , m_shade(palette.color(QPalette::Text))
{
    m_emptyLabel->setBrush(palette.color(QPalette::PlaceholderText));
    m_emptyLabel->setZValue(90);
    m_cursor->setPen(QPen(palette.color(QPalette::Mid), 1, Qt::DashLine));
    m_cursor->setZValue(100);
    m_cursor->hide();
    m_shade.setAlpha(28);
}

void ChartOverlays::setEmptyText(const QString &text)
{
    m_emptyLabel->setText(text);
}

void ChartOverlays::setEmpty(bool empty)
{
    m_emptyLabel->setVisible(empty);
}

bool ChartOverlays::isEmptyTextShown() const
{
    return m_emptyLabel->isVisible() && !m_emptyLabel->text().isEmpty();
}

void ChartOverlays::setMarkedIntervals(const QVector<QPair<double, double>> &intervals)
{
    m_marked = intervals;
    while (m_markItems.size() < m_marked.size()) {
        auto *item = new QGraphicsRectItem(m_chart);
        item->setBrush(m_shade);
        item->setPen(Qt::NoPen);
        item->setZValue(-1); // under the series, over the plot background
        m_markItems << item;
    }
}

void ChartOverlays::showCursor(double sceneX)
{
    m_cursor->setLine(sceneX, m_plot.top(), sceneX, m_plot.bottom());
    m_cursor->show();
}

void ChartOverlays::hideCursor()
{
    m_cursor->hide();
}

void ChartOverlays::place(const QRectF &plotArea, double fromSec, double toSec)
{
    m_plot = plotArea;
    const QRectF text = m_emptyLabel->boundingRect();
    m_emptyLabel->setPos(plotArea.center() - QPointF(text.width() / 2, text.height() / 2));
    const double span = toSec - fromSec;
    auto xOf = [&](double sec) { return plotArea.left() + qBound(0.0, (sec - fromSec) / span, 1.0) * plotArea.width(); };
    for (int i = 0; i < m_markItems.size(); ++i) {
        const bool shown = i < m_marked.size() && span > 0;
        m_markItems[i]->setVisible(shown);
        if (shown)
            m_markItems[i]->setRect(QRectF(QPointF(xOf(m_marked[i].first), plotArea.top()),
                                           QPointF(xOf(m_marked[i].second), plotArea.bottom())));
    }
}
