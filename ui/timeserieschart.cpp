#include "timeserieschart.h"

#include "chartstyle.h"
#include "comparisonseries.h"
#include "pngfile.h"
#include "seriesdecimator.h"
#include "seriesreadout.h"
#include "timeaxis.h"

#include <QAreaSeries>
#include <QLegendMarker>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QFileDialog>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QMessageBox>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>

namespace {

constexpr int kPointsShownBelow = 12; // short runs show their samples as dots; long ones only the line
constexpr double kLineWidth = 2.0;

} // namespace

TimeSeriesChart::TimeSeriesChart(const QString &exportName, const QString &title, const QString &leftAxisTitle, QWidget *parent)
    : QChartView(new QChart, parent)
    , m_exportName(exportName)
    , m_leftTitle(leftAxisTitle)
    , m_overlays(chart(), palette())
{
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    setMinimumSize(280, 200); // below this the axis labels are elided to "..."
    QChart *c = chart();
    ChartStyle::apply(c, palette());
    c->setTitle(title);

    m_x = new QValueAxis(c);
    TimeAxis::configure(m_x);
    m_x->setRange(0, m_view.windowSec());
    c->addAxis(m_x, Qt::AlignBottom);
    setLogScale(false);

    connect(c, &QChart::plotAreaChanged, this, &TimeSeriesChart::placeOverlays);

    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(100); // at most ten redraws a second, however many points arrive
    connect(&m_flushTimer, &QTimer::timeout, this, &TimeSeriesChart::flush);
}

void TimeSeriesChart::setLeftAxisTitle(const QString &title)
{
    m_leftTitle = title;
    m_left->setTitleText(m_leftTitle + (m_log ? tr(", log scale") : QString()));
}

void TimeSeriesChart::setRightAxisTitle(const QString &title)
{
    if (!m_right) {
        m_right = new QValueAxis(chart());
        m_right->setLabelFormat(QStringLiteral("%g"));
        chart()->addAxis(m_right, Qt::AlignRight);
    }
    m_right->setTitleText(title);
}

void TimeSeriesChart::setEmptyText(const QString &text)
{
    m_overlays.setEmptyText(text);
    placeOverlays();
}

bool TimeSeriesChart::isEmptyTextShown() const
{
    return m_overlays.isEmptyTextShown();
}

void TimeSeriesChart::setLogScale(bool on)
{
    if (m_left && on == m_log)
        return;
    m_log = on && m_logAllowed;
    QAbstractAxis *axis = nullptr;
    if (m_log) {
        auto *log = new QLogValueAxis(chart());
        log->setBase(10);
        log->setLabelFormat(QStringLiteral("%g"));
        log->setMinorTickCount(-1);
        axis = log;
    } else {
        auto *linear = new QValueAxis(chart());
        linear->setLabelFormat(QStringLiteral("%g"));
        axis = linear;
    }
    axis->setTitleText(m_leftTitle + (m_log ? tr(", log scale") : QString()));
    chart()->addAxis(axis, Qt::AlignLeft);
    QList<QAbstractSeries *> leftSeries;
    for (const Track &t : std::as_const(m_tracks)) {
        if (t.axis == Axis::Left)
            leftSeries << (t.area ? static_cast<QAbstractSeries *>(t.area) : t.line);
    }
    if (m_reference)
        leftSeries << m_reference;
    for (QAbstractSeries *series : std::as_const(leftSeries)) {
        if (m_left)
            series->detachAxis(m_left);
        series->attachAxis(axis);
    }
    if (m_left) {
        chart()->removeAxis(m_left);
        delete m_left;
    }
    m_left = axis;
    updateRanges();
}

void TimeSeriesChart::setReferenceLine(const QString &name, double y)
{
    m_referenceY = y;
    if (name.isEmpty()) {
        if (m_reference)
            chart()->removeSeries(m_reference);
        delete m_reference;
        m_reference = nullptr;
        updateRanges();
        return;
    }
    if (!m_reference) {
        m_reference = new QLineSeries;
        m_reference->setPen(QPen(palette().color(QPalette::Mid), 1.5, Qt::DashLine));
        chart()->addSeries(m_reference);
        m_reference->attachAxis(m_x);
        m_reference->attachAxis(m_left);
    }
    m_reference->setName(name);
    updateRanges();
}

void TimeSeriesChart::setMarkedIntervals(const QVector<QPair<double, double>> &intervals)
{
    m_overlays.setMarkedIntervals(intervals);
    placeOverlays();
}

void TimeSeriesChart::reserveColours(const QStringList &seriesNames)
{
    for (const QString &name : seriesNames)
        colourFor(name);
}

QColor TimeSeriesChart::colourFor(const QString &name)
{
    const QString base = ComparisonSeries::baseName(name);
    auto it = m_colours.find(base);
    if (it == m_colours.end())
        it = m_colours.insert(base, ChartStyle::colour(int(m_colours.size())));
    return *it;
}

TimeSeriesChart::Track &TimeSeriesChart::track(const QString &name, Axis axis, bool area, QLineSeries *lowerEdge)
{
    auto it = m_tracks.find(name);
    if (it != m_tracks.end())
        return *it;
    Track t;
    t.axis = axis;
    t.line = new QLineSeries;
    t.line->setName(name);
    const QColor colour = colourFor(name);
    const bool compared = ComparisonSeries::isComparison(name);
    t.line->setPen(ChartStyle::seriesPen(colour, m_widths.value(name, kLineWidth), compared));
    if (area) {
        t.area = new QAreaSeries(t.line, lowerEdge);
        t.line->setParent(t.area);
        t.area->setName(name);
        t.area->setPen(QPen(colour.darker(120), 1));
        QColor fill = colour;
        fill.setAlpha(150);
        t.area->setBrush(fill);
        attach(t.area, axis);
    } else {
        attach(t.line, axis);
    }
    const QString base = ComparisonSeries::baseName(name);
    if (m_legendLabels.contains(base)) {
        const QString label = m_legendLabels.value(base) + (compared ? ComparisonSeries::suffix() : QString());
        for (QLegendMarker *marker : chart()->legend()->markers(t.area ? static_cast<QAbstractSeries *>(t.area) : t.line))
            marker->setLabel(label);
    }
    m_order.append(name);
    m_overlays.setEmpty(false);
    return *m_tracks.insert(name, t);
}

void TimeSeriesChart::attach(QAbstractSeries *series, Axis axis)
{
    chart()->addSeries(series);
    // A bottom legend elides names past four entries ("target ...", seen comparing two runs).
    if (chart()->series().size() > 4)
        chart()->legend()->setAlignment(Qt::AlignRight);
    series->attachAxis(m_x);
    series->attachAxis(axis == Axis::Right && m_right ? static_cast<QAbstractAxis *>(m_right) : m_left);
}

void TimeSeriesChart::appendPoint(const QString &series, double x, double y, Axis axis)
{
    Track &t = track(series, axis);
    t.points.append(QPointF(x, y));
    scheduleFlush();
}

void TimeSeriesChart::appendStack(const QString &prefix, double x, const QVector<double> &values)
{
    QStringList names;
    for (int i = 0; i < values.size(); ++i)
        names.append(QStringLiteral("%1 %2").arg(prefix).arg(i + 1));
    appendStack(names, x, values);
}

void TimeSeriesChart::appendStack(const QStringList &names, double x, const QVector<double> &values)
{
    Q_ASSERT(names.size() == values.size());
    double total = 0;
    QLineSeries *below = nullptr;
    for (int i = 0; i < values.size(); ++i) {
        const QString &name = names.at(i);
        total += values.at(i);
        Track &t = track(name, Axis::Left, true, below); // the first band fills down to zero
        t.points.append(QPointF(x, total));
        t.raw.append(values.at(i));
        below = t.line;
    }
    scheduleFlush();
}

void TimeSeriesChart::appendReadoutOnly(const QString &name, double x, double y)
{
    if (!m_readoutOnly.contains(name))
        m_readoutOnlyOrder.append(name);
    m_readoutOnly[name].append(QPointF(x, y));
}

void TimeSeriesChart::clear()
{
    m_readoutOnly.clear();
    m_readoutOnlyOrder.clear();
    for (const Track &t : std::as_const(m_tracks)) {
        QAbstractSeries *series = t.area ? static_cast<QAbstractSeries *>(t.area) : t.line;
        chart()->removeSeries(series);
        delete series;
    }
    m_tracks.clear();
    m_order.clear();
    m_overlays.setEmpty(true);
    m_view.follow();
    setMarkedIntervals({});
    updateRanges();
}

void TimeSeriesChart::clearComparison()
{
    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        if (!ComparisonSeries::isComparison(it.key())) {
            ++it;
            continue;
        }
        QAbstractSeries *series = it->area ? static_cast<QAbstractSeries *>(it->area) : it->line;
        chart()->removeSeries(series);
        delete series;
        m_order.removeOne(it.key());
        it = m_tracks.erase(it);
    }
    m_overlays.setEmpty(m_tracks.isEmpty());
    updateRanges();
}

void TimeSeriesChart::setLive(bool live)
{
    m_view.setLive(live);
    updateRanges();
}

void TimeSeriesChart::showWholeRun()
{
    m_view.showWholeRun(dataEndX());
    updateRanges();
}

void TimeSeriesChart::showRange(double from, double to)
{
    m_view.showRange(from, to, dataEndX());
    updateRanges();
}

void TimeSeriesChart::setTimeExtent(double endSec)
{
    m_timeExtent = endSec;
    scheduleFlush(); // a chart with nothing new to draw still moves along with the run
}

void TimeSeriesChart::scheduleFlush()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void TimeSeriesChart::flush()
{
    m_flushTimer.stop();
    updateRanges();
}

QPixmap TimeSeriesChart::image(const QSize &size)
{
    flush();
    // Draw the chart item itself at the asked size: independent of the view's geometry, which a hidden
    // widget in a layout does not reliably have.
    const QSizeF oldSize = chart()->size();
    chart()->resize(size);
    QCoreApplication::sendPostedEvents(); // the chart lays itself out on a posted event
    placeOverlays();
    QPixmap pixmap(size);
    pixmap.fill(palette().color(QPalette::Window));
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), chart()->sceneBoundingRect());
    painter.end();
    chart()->resize(oldSize);
    QCoreApplication::sendPostedEvents();
    placeOverlays();
    return pixmap;
}

double TimeSeriesChart::dataEndX() const
{
    double end = m_timeExtent;
    for (const Track &t : m_tracks) {
        if (!t.points.isEmpty())
            end = qMax(end, t.points.constLast().x());
    }
    return end;
}

void TimeSeriesChart::updateRanges()
{
    m_view.update(dataEndX());
    constexpr double kLabelWidthPx = 36; // a label of up to four digits and the gap to the next
    const int ticks = chart()->plotArea().width() > 0 ? qBound(2, int(chart()->plotArea().width() / kLabelWidthPx), 6) : 6;
    TimeAxis::setRange(m_x, m_view.from(), m_view.to(), ticks);

    double leftMax = m_reference ? m_referenceY : 0, rightMax = 0, leftMinPositive = 0;
    bool anyRight = false;
    for (const Track &t : m_tracks) {
        anyRight = anyRight || t.axis == Axis::Right;
        auto from = std::lower_bound(t.points.cbegin(), t.points.cend(), m_view.from(),
                                     [](const QPointF &p, double v) { return p.x() < v; });
        for (auto p = from; p != t.points.cend() && p->x() <= m_view.to(); ++p) {
            const double y = p->y();
            if (t.axis == Axis::Right) {
                rightMax = qMax(rightMax, y);
            } else {
                leftMax = qMax(leftMax, y);
                if (y > 0 && (leftMinPositive == 0 || y < leftMinPositive))
                    leftMinPositive = y;
            }
        }
    }
    const auto left = ChartViewport::valueRange(leftMax, leftMinPositive, m_log);
    m_left->setRange(left.first, left.second);
    if (!m_log)
        static_cast<QValueAxis *>(m_left)->applyNiceNumbers();
    if (m_right) {
        m_right->setVisible(anyRight);
        m_right->setRange(0, ChartViewport::valueRange(rightMax, 0, false).second);
        m_right->applyNiceNumbers();
    }
    drawVisiblePoints();
    placeOverlays();
}

void TimeSeriesChart::drawVisiblePoints()
{
    // Hand Qt Charts only what the plot can show, at most a low and a high point per two pixels:
    // panning a one-hour run costs what a two-minute one does (bench/bench_charts.cpp).
    const int columns = qMax(100, int(chart()->plotArea().width()) / 2);
    for (Track &t : m_tracks) {
        const QList<QPointF> drawn = SeriesDecimator::pointsToDraw(t.points, m_view.from(), m_view.to(), columns);
        // A wide line's dots would be blobs; its samples show in the thin line drawn over it.
        t.line->setPointsVisible(drawn.size() < kPointsShownBelow && t.line->pen().widthF() <= kLineWidth);
        t.line->replace(drawn);
    }
    if (m_reference)
        m_reference->replace({QPointF(m_view.from(), m_referenceY), QPointF(m_view.to(), m_referenceY)});
}

void TimeSeriesChart::placeOverlays()
{
    m_overlays.place(chart()->plotArea(), m_view.from(), m_view.to());
}

double TimeSeriesChart::xAt(const QPointF &viewPos) const
{
    const QRectF plot = chart()->plotArea();
    const QPointF scenePos = mapToScene(viewPos.toPoint());
    const double fraction = plot.width() > 0 ? (scenePos.x() - plot.left()) / plot.width() : 0;
    return m_view.from() + fraction * (m_view.to() - m_view.from());
}

QStringList TimeSeriesChart::seriesNames() const
{
    return m_order;
}

int TimeSeriesChart::pointCount(const QString &series) const
{
    const auto it = m_tracks.constFind(series);
    return it == m_tracks.cend() ? 0 : int(it->points.size());
}

QPointF TimeSeriesChart::lastPoint(const QString &series) const
{
    const auto it = m_tracks.constFind(series);
    return it == m_tracks.cend() || it->points.isEmpty() ? QPointF() : it->points.constLast();
}

QString TimeSeriesChart::readoutAt(double x) const
{
    SeriesReadout readout(chart()->title(), x);
    for (const QString &name : m_order) {
        const Track &t = m_tracks[name];
        readout.add(name, m_colours.value(ComparisonSeries::baseName(name)), t.points, t.raw);
    }
    for (const QString &name : m_readoutOnlyOrder)
        readout.add(name, palette().color(QPalette::PlaceholderText), m_readoutOnly.value(name));
    return readout.html();
}

void TimeSeriesChart::wheelEvent(QWheelEvent *event)
{
    m_view.zoom(xAt(event->position()), event->angleDelta().y() > 0 ? 0.8 : 1.25, dataEndX());
    updateRanges();
    Q_EMIT viewChangedByUser(m_view.from(), m_view.to());
    event->accept();
}

void TimeSeriesChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QChartView::mousePressEvent(event);
    m_dragging = true;
    m_dragStart = event->position();
    m_dragFrom = m_view.from();
    setCursor(Qt::ClosedHandCursor);
}

void TimeSeriesChart::mouseMoveEvent(QMouseEvent *event)
{
    const QRectF plot = chart()->plotArea();
    if (m_dragging) {
        const double perPixel = plot.width() > 0 ? (m_view.to() - m_view.from()) / plot.width() : 0;
        m_view.pan(m_dragFrom, -(event->position().x() - m_dragStart.x()) * perPixel, dataEndX());
        updateRanges();
        Q_EMIT viewChangedByUser(m_view.from(), m_view.to());
    }
    const QPointF scenePos = mapToScene(event->position().toPoint());
    if (!plot.contains(scenePos)) {
        m_overlays.hideCursor();
        QToolTip::hideText();
        return;
    }
    m_overlays.showCursor(scenePos.x());
    QToolTip::showText(event->globalPosition().toPoint(), readoutAt(xAt(event->position())), this);
}

void TimeSeriesChart::mouseReleaseEvent(QMouseEvent *event)
{
    m_dragging = false;
    unsetCursor();
    QChartView::mouseReleaseEvent(event);
}

void TimeSeriesChart::mouseDoubleClickEvent(QMouseEvent *)
{
    if (m_view.isLive())
        setLive(true);
    else
        showWholeRun();
}

void TimeSeriesChart::leaveEvent(QEvent *event)
{
    m_overlays.hideCursor();
    QChartView::leaveEvent(event);
}

void TimeSeriesChart::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    if (m_view.isLive())
        menu.addAction(tr("Follow live"), this, [this] { setLive(true); });
    menu.addAction(tr("Show whole run"), this, &TimeSeriesChart::showWholeRun);
    if (m_logAllowed) {
        QAction *log = menu.addAction(tr("Logarithmic scale"), this, [this](bool on) { setLogScale(on); });
        log->setCheckable(true);
        log->setChecked(m_log);
    }
    menu.addSeparator();
    menu.addAction(tr("Save as PNG…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save chart"), m_exportName + QStringLiteral(".png"),
                                                          tr("PNG images (*.png)"));
        QString error;
        if (!path.isEmpty() && !savePng(grab(), path, &error))
            QMessageBox::warning(this, tr("Save chart"), error);
    });
    menu.exec(event->globalPos());
}
