#include "runcharts.h"

#include "timeserieschart.h"

#include <sessionmodel.h>

#include <QCoreApplication>
#include <QGridLayout>
#include <QPainter>

namespace {

constexpr double kMiB = 1024.0 * 1024.0;
const QString kCompareSuffix = QStringLiteral(" · B");

} // namespace

RunCharts::RunCharts(QWidget *parent)
    : QWidget(parent)
    , m_rate(new TimeSeriesChart(tr("Messages per second"), tr("messages/s"), this))
    , m_latency(new TimeSeriesChart(tr("Latency (round trip)"), tr("ms"), this))
    , m_connections(new TimeSeriesChart(tr("Connections (stacked per server worker thread)"), tr("connections"), this))
    , m_memory(new TimeSeriesChart(tr("Memory"), tr("RSS (MiB)"), this))
    , m_errors(new TimeSeriesChart(tr("Errors and close codes per second"), tr("per second"), this))
{
    m_latency->setLogScaleAllowed(true);
    m_errors->setEmptyText(tr("No errors and no closes so far"));
    m_latency->setEmptyText(tr("Latency appears once the load receives replies"));
    m_memory->setRightAxisTitle(tr("KiB/conn."));
    m_connections->chart()->legend()->setAlignment(Qt::AlignRight);
    m_rate->reserveColours({tr("load sent/s"), tr("load received/s"), tr("server received/s"), tr("server sent/s")});
    m_latency->reserveColours({tr("p50"), tr("p99"), tr("p99.9"), tr("max")});
    m_connections->reserveColours({tr("worker 1"), tr("worker 2"), tr("worker 3"), tr("worker 4"), tr("server open"),
                                   tr("load open"), tr("load connecting"), tr("load failed (total)")});
    m_memory->reserveColours({tr("server RSS"), tr("load RSS"), tr("server KiB/connection"), tr("target RSS"),
                              tr("target KiB/connection")});
    m_compareFeed.suffix = kCompareSuffix;
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    grid->addWidget(m_rate, 0, 0);
    grid->addWidget(m_latency, 0, 1);
    grid->addWidget(m_connections, 1, 0);
    grid->addWidget(m_memory, 1, 1);
    grid->addWidget(m_errors, 2, 0, 1, 2);
    // Zooming or panning one chart moves all five, so a spike can be read across them.
    for (TimeSeriesChart *chart : charts()) {
        connect(chart, &TimeSeriesChart::viewChangedByUser, this, [this, chart](double from, double to) {
            for (TimeSeriesChart *other : charts()) {
                if (other != chart)
                    other->showRange(from, to);
            }
        });
    }
}

QList<TimeSeriesChart *> RunCharts::charts() const
{
    return {m_rate, m_latency, m_connections, m_memory, m_errors};
}

void RunCharts::setModel(const SessionModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    connect(model, &SessionModel::modelReset, this, &RunCharts::rebuild);
    connect(model, &SessionModel::sampleAppended, this, [this](int index) {
        const MetricSample &sample = m_model->session().samples.at(index);
        plot(sample, m_model->secondsOf(sample), m_runFeed);
    });
    rebuild();
}

void RunCharts::setLive(bool live)
{
    for (TimeSeriesChart *chart : charts())
        chart->setLive(live);
}

void RunCharts::setComparison(const SessionModel *other)
{
    m_comparison = other;
    for (TimeSeriesChart *chart : charts())
        chart->clearSeriesEndingWith(kCompareSuffix);
    if (other)
        plotAll(*other, m_compareFeed);
    flush();
}

void RunCharts::flush()
{
    for (TimeSeriesChart *chart : charts())
        chart->flush();
}

void RunCharts::rebuild()
{
    m_timeExtent = 0;
    for (TimeSeriesChart *chart : charts()) {
        chart->clear();
        chart->setTimeExtent(0);
    }
    if (m_model)
        plotAll(*m_model, m_runFeed);
    if (m_comparison)
        plotAll(*m_comparison, m_compareFeed);
    flush();
}

void RunCharts::plotAll(const SessionModel &model, Feed &feed)
{
    feed.last.clear();
    feed.countedKinds.clear();
    feed.idleRss.clear();
    for (const MetricSample &sample : model.session().samples)
        plot(sample, model.secondsOf(sample), feed);
}

void RunCharts::plot(const MetricSample &s, double x, Feed &feed)
{
    if (x > m_timeExtent) {
        m_timeExtent = x;
        for (TimeSeriesChart *chart : charts())
            chart->setTimeExtent(x);
    }
    const QString &b = feed.suffix;
    const bool server = s.source == QLatin1String("server");
    const QString who = server ? tr("server") : tr("load");
    m_rate->appendPoint(who + tr(" sent/s") + b, x, s.sentPerSec);
    m_rate->appendPoint(who + tr(" received/s") + b, x, s.receivedPerSec);

    if (server) {
        if (b.isEmpty()) {
            QVector<double> perWorker;
            for (quint64 n : s.connectionsPerWorker)
                perWorker.append(double(n));
            m_connections->appendStack(tr("worker"), x, perWorker);
        }
        m_connections->appendPoint(tr("server open") + b, x, double(s.connections));
    } else {
        m_connections->appendPoint(tr("load open") + b, x, double(s.connections));
        m_connections->appendPoint(tr("load connecting") + b, x, double(s.connecting));
        m_connections->appendPoint(tr("load failed (total)") + b, x, double(s.connectionsFailed));
        if (s.target.contains(QStringLiteral("go_goroutines")))
            m_connections->appendPoint(tr("target goroutines") + b, x, s.target.value(QStringLiteral("go_goroutines")));
        if (s.latency) {
            m_latency->appendPoint(tr("p50") + b, x, s.latency->p50Ms);
            m_latency->appendPoint(tr("p99") + b, x, s.latency->p99Ms);
            m_latency->appendPoint(tr("p99.9") + b, x, s.latency->p999Ms);
            m_latency->appendPoint(tr("max") + b, x, s.latency->maxMs);
        }
    }

    m_memory->appendPoint(who + tr(" RSS") + b, x, double(s.process.rssBytes) / kMiB);
    // The server's memory is its own process, or the watched target's (--pid) when attached.
    const double targetRss = s.target.value(QStringLiteral("target_rss_bytes"), 0);
    if (targetRss > 0)
        m_memory->appendPoint(tr("target RSS") + b, x, targetRss / kMiB);
    const double serverRss = server ? double(s.process.rssBytes) : targetRss;
    if (serverRss > 0 && s.connections == 0)
        feed.idleRss.insert(s.source, serverRss);
    if (serverRss > 0 && s.connections > 0) {
        // What a connection costs: RSS above the idle server's, per connection (all of RSS if never seen idle).
        const double perConnection = (serverRss - feed.idleRss.value(s.source, 0)) / double(s.connections);
        m_memory->appendPoint((server ? tr("server") : tr("target")) + tr(" KiB/connection") + b, x,
                              qMax(0.0, perConnection) / 1024.0, TimeSeriesChart::Axis::Right);
    }

    const auto before = feed.last.constFind(s.source);
    if (before != feed.last.cend())
        plotDeltas(s, *before, x, feed);
    feed.last.insert(s.source, s);
}

void RunCharts::plotDeltas(const MetricSample &s, const MetricSample &before, double x, Feed &feed)
{
    const double seconds = s.elapsedSec - before.elapsedSec;
    const QString who = s.source == QLatin1String("server") ? tr("server ") : tr("load ");
    // A kind gets its own series the first time it happens, then stays so its zeros show too.
    auto count = [&](const QString &name, quint64 now, quint64 then) {
        const double rate = MetricSample::perSecond(now, then, seconds);
        if (rate > 0 && !feed.countedKinds.contains(name)) {
            feed.countedKinds.insert(name);
            m_errors->appendPoint(name + feed.suffix, x - seconds, 0); // the line rises from zero
        }
        if (feed.countedKinds.contains(name))
            m_errors->appendPoint(name + feed.suffix, x, rate);
    };
    for (auto it = s.errors.cbegin(); it != s.errors.cend(); ++it)
        count(who + it.key() + tr("/s"), it.value(), before.errors.value(it.key()));
    for (auto it = s.closeCodes.cbegin(); it != s.closeCodes.cend(); ++it)
        count(who + tr("close %1/s").arg(it.key()), it.value(), before.closeCodes.value(it.key()));
}

QPixmap RunCharts::renderGrid(const QSize &chartSize)
{
    flush();
    const QList<TimeSeriesChart *> all = charts();
    const int columns = 2;
    const int rows = (int(all.size()) + columns - 1) / columns;
    QPixmap image(chartSize.width() * columns, chartSize.height() * rows);
    image.fill(palette().color(QPalette::Window));
    QPainter painter(&image);
    // A pending layout of this widget would resize a chart back while it is being drawn: settle it first.
    QCoreApplication::sendPostedEvents();
    for (int i = 0; i < all.size(); ++i) {
        const bool lastAlone = i == all.size() - 1 && all.size() % columns == 1;
        const QSize size(lastAlone ? chartSize.width() * columns : chartSize.width(), chartSize.height());
        painter.drawPixmap(QPoint((i % columns) * chartSize.width(), (i / columns) * chartSize.height()), all.at(i)->image(size));
    }
    return image;
}
