#include "runcharts.h"

#include "comparisonseries.h"
#include "metricpicker.h"
#include "timeserieschart.h"

#include <closecodes.h>
#include <intervalrates.h>
#include <runhealth.h>
#include <scrapedseries.h>
#include <sessionmodel.h>

#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <QPainter>

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// "worker 2" for one server process; "p2 w1" for the first worker of a group's second process.
QStringList workerNames(int workers, int processes)
{
    QStringList names;
    const int perProcess = processes > 1 && workers % processes == 0 ? workers / processes : 0;
    for (int i = 0; i < workers; ++i)
        names.append(perProcess > 0 ? QStringLiteral("p%1 w%2").arg(i / perProcess + 1).arg(i % perProcess + 1)
                                    : QCoreApplication::translate("RunCharts", "worker %1").arg(i + 1));
    return names;
}

int serverProcessesOf(const Session &session)
{
    return session.config.value(QLatin1String("server")).toObject().value(QLatin1String("processes")).toInt(1);
}

double counterRate(double now, double before, const IntervalRates &rates)
{
    const double seconds = rates.partial ? IntervalRates::kNominalSec : rates.seconds;
    return seconds > 0 && now >= before ? (now - before) / seconds : 0;
}

} // namespace

QString RunCharts::Feed::name(const QString &series) const
{
    return comparison ? ComparisonSeries::of(series) : series;
}

RunCharts::RunCharts(QWidget *parent)
    : QWidget(parent)
    , m_rate(new TimeSeriesChart(QStringLiteral("rate"), tr("Messages per second"), tr("msg/s"), this))
    , m_latency(new TimeSeriesChart(QStringLiteral("latency"), tr("Latency (round trip)"), tr("ms"), this))
    , m_connections(new TimeSeriesChart(QStringLiteral("connections"), tr("Connections"), tr("open"), this))
    , m_memory(new TimeSeriesChart(QStringLiteral("memory"), tr("Memory"), tr("RSS MiB"), this))
    , m_cpu(new TimeSeriesChart(QStringLiteral("cpu"), tr("CPU (% of one core, all threads)"), tr("%"), this))
    , m_errors(new TimeSeriesChart(QStringLiteral("errors"), tr("Errors and abnormal closes"), tr("per second"), this))
    , m_metricPicker(new MetricPicker(this))
{
    m_latency->setLogScaleAllowed(true);
    // Short enough for a third of a 1366 px window.
    m_rate->setEmptyText(tr("Start (Ctrl+R) runs server and load"));
    m_latency->setEmptyText(tr("Latency comes with the replies"));
    m_connections->setEmptyText(tr("No connections yet"));
    m_memory->setEmptyText(tr("Memory comes with the samples"));
    m_cpu->setEmptyText(tr("CPU comes with the samples"));
    m_errors->setEmptyText(tr("No errors, no abnormal closes"));
    m_rate->setRightAxisTitle(tr("publishes/s"));
    m_memory->setRightAxisTitle(tr("KiB/conn."));
    m_cpu->setRightAxisTitle(tr("threads"));
    m_latency->setRightAxisTitle(tr("reconnect s"));
    m_connections->setLegendLabel(tr("load reconnecting"), tr("reconnecting"));
    m_connections->setLegendLabel(tr("load gave up (total)"), tr("gave up"));
    m_errors->setLegendLabel(tr("load reconnects/s"), tr("reconnects/s"));
    m_latency->setLegendLabel(tr("time to reconnect p99"), tr("reconnect p99"));
    // Echo's four rates are one number: widest first, each drawn around the next.
    const QStringList rates{tr("load sent/s"), tr("load received/s"), tr("server received/s"), tr("server sent/s")};
    const double widths[] = {7.0, 4.8, 2.8, 1.2};
    for (int i = 0; i < rates.size(); ++i)
        m_rate->setLineWidth(rates.at(i), widths[i]);
    m_rate->reserveColours(rates + QStringList{tr("target received/s"), tr("target sent/s")});
    const QStringList shortRates{tr("load sent"), tr("load recv"), tr("srv recv"), tr("srv sent")};
    for (int i = 0; i < rates.size(); ++i)
        m_rate->setLegendLabel(rates.at(i), shortRates.at(i));
    m_rate->setLegendLabel(tr("target received/s"), tr("tgt recv"));
    m_rate->setLegendLabel(tr("target sent/s"), tr("tgt sent"));
    m_connections->setLegendLabel(tr("load connecting"), tr("connecting"));
    m_connections->setLegendLabel(tr("load failed (total)"), tr("failed"));
    m_connections->setLegendLabel(tr("target open"), tr("target"));
    m_connections->setLegendLabel(tr("target open files"), tr("tgt fds"));
    m_memory->setLegendLabel(tr("server KiB/connection"), tr("KiB/conn."));
    m_cpu->setLegendLabel(tr("target CPU"), tr("target"));
    m_cpu->setLegendLabel(tr("target threads"), tr("threads"));
    m_cpu->setLineWidth(tr("target threads"), 1.0); // a count on the right axis, not a CPU figure
    m_memory->setLegendLabel(tr("target KiB/connection"), tr("target KiB/conn."));
    m_latency->reserveColours({tr("p50"), tr("p99"), tr("p99.9"), tr("max")});
    m_connections->reserveColours({tr("worker 1"), tr("worker 2"), tr("worker 3"), tr("worker 4"), tr("server open"),
                                   tr("load open"), tr("load connecting"), tr("load failed (total)"), tr("target open")});
    m_memory->reserveColours({tr("server RSS"), tr("load RSS"), tr("server KiB/connection"), tr("target RSS"),
                              tr("target KiB/connection")});
    m_cpu->reserveColours({tr("server CPU"), tr("load CPU"), tr("target CPU"), tr("target threads")});
    m_compareFeed.comparison = true;
    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    auto *pickerRow = new QHBoxLayout;
    pickerRow->setContentsMargins(0, 0, 0, 0);
    pickerRow->addWidget(m_metricPicker);
    pickerRow->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(pickerRow);
    layout->addLayout(grid, 1);
    connect(m_metricPicker, &MetricPicker::pickedChanged, this, &RunCharts::rebuild);
    // Three across, two down: at 1366x768 each chart keeps the height its axis titles need.
    const QList<TimeSeriesChart *> all = charts();
    for (int i = 0; i < all.size(); ++i)
        grid->addWidget(all.at(i), i / 3, i % 3);
    // Zooming or panning one chart moves all six, so a spike can be read across them.
    for (TimeSeriesChart *chart : all) {
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
    return {m_rate, m_latency, m_connections, m_memory, m_cpu, m_errors};
}

void RunCharts::setModel(const SessionModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    connect(model, &SessionModel::modelReset, this, [this] {
        m_metricPicker->clear(); // names come back with the samples, unticked ones stay unticked
        rebuild();
    });
    connect(model, &SessionModel::configChanged, this, &RunCharts::rebuild);
    connect(model, &SessionModel::sampleAppended, this, [this](int index) {
        const MetricSample &sample = m_model->session().samples.at(index);
        plot(sample, m_model->secondsOf(sample), m_runFeed);
        if (sample.source != QLatin1String("server"))
            markDeadTime();
    });
    connect(model, &SessionModel::eventAppended, this, [this](int index) {
        if (m_model->session().events.at(index).kind == QLatin1String("server_died"))
            markDeadTime();
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
        chart->clearComparison();
    if (other)
        plotAll(*other, m_compareFeed);
    flush();
}

void RunCharts::flush()
{
    for (TimeSeriesChart *chart : charts())
        chart->flush();
}

void RunCharts::addMemberSample(const QString &member, const MetricSample &sample)
{
    if (!m_model || !sample.process.valid)
        return;
    const double x = m_model->secondsOf(sample);
    m_memory->appendReadoutOnly(tr("%1 RSS").arg(member), x, double(sample.process.rssBytes) / kMiB);
    m_cpu->appendReadoutOnly(tr("%1 CPU").arg(member), x, sample.process.cpuPercent);
}

void RunCharts::rebuild()
{
    m_timeExtent = 0;
    for (TimeSeriesChart *chart : charts()) {
        chart->clear();
        chart->setTimeExtent(0);
    }
    configure();
    if (m_model)
        plotAll(*m_model, m_runFeed);
    if (m_comparison)
        plotAll(*m_comparison, m_compareFeed);
    markDeadTime();
    flush();
}

void RunCharts::configure()
{
    const RunConfig config = m_model ? RunConfig::of(m_model->session()) : RunConfig();
    const bool broadcast = config.scenario == QLatin1String("broadcast");
    m_latency->chart()->setTitle(broadcast ? tr("Latency (publish to delivery)")
                                 : config.scenario == QLatin1String("idle") ? tr("Latency (ping round trip)")
                                 : config.scenario == QLatin1String("file") ? tr("Latency (named: request to reply)")
                                                                           : tr("Latency (round trip)"));
    m_rate->setLeftAxisTitle(broadcast ? tr("deliveries/s") : tr("msg/s"));
    const int processes = m_model ? serverProcessesOf(m_model->session()) : 1;
    m_connections->chart()->setTitle(config.attached  ? tr("Connections (load and target)")
                                     : processes > 1 ? tr("Connections (by process, worker)")
                                                     : tr("Connections (stacked by worker)"));
    m_memory->chart()->setTitle(config.attached ? tr("Memory (target and load RSS)") : tr("Memory (server and load RSS)"));
    // The machine's cores as a line: a side that reaches it has no CPU left (unknown for CLI sessions).
    m_cpu->setReferenceLine(config.cores > 0 ? tr("%1 cores").arg(config.cores) : QString(), 100.0 * config.cores);
    // Created in width order, so each rate is drawn around the next (a console run has all four).
    if (m_model && m_model->session().config.contains(QLatin1String("load"))) {
        const auto publishes = broadcast ? TimeSeriesChart::Axis::Right : TimeSeriesChart::Axis::Left;
        m_rate->declareSeries(tr("load sent/s"), publishes);
        m_rate->declareSeries(tr("load received/s"));
        if (!config.attached) {
            m_rate->declareSeries(tr("server received/s"), publishes);
            m_rate->declareSeries(tr("server sent/s"));
        }
    }
}

void RunCharts::startFeed(Feed &feed, const SessionModel &model)
{
    feed.config = RunConfig::of(model.session());
    feed.serverProcesses = serverProcessesOf(model.session());
    feed.last.clear();
    feed.countedKinds.clear();
    feed.serverMemory = ConnectionMemory(feed.config.serverIdleRssBytes);
    feed.targetMemory = ConnectionMemory(feed.config.serverIdleRssBytes);
}

void RunCharts::plotAll(const SessionModel &model, Feed &feed)
{
    startFeed(feed, model);
    for (const MetricSample &sample : model.session().samples)
        plot(sample, model.secondsOf(sample), feed);
}

void RunCharts::markDeadTime()
{
    QVector<QPair<double, double>> spans;
    if (m_model) {
        for (const RunHealth::Interval &i : RunHealth::of(m_model->session()).dead)
            spans.append({i.fromSec, i.toSec});
    }
    for (TimeSeriesChart *chart : charts())
        chart->setMarkedIntervals(spans);
}

void RunCharts::plot(const MetricSample &s, double x, Feed &feed)
{
    if (x > m_timeExtent) {
        m_timeExtent = x;
        for (TimeSeriesChart *chart : charts())
            chart->setTimeExtent(x);
    }
    plotRates(s, x, feed);
    plotProcess(s, x, feed);
    plotNamed(s, x, feed);
    const bool server = s.source == QLatin1String("server");
    if (server) {
        if (!feed.comparison) {
            QVector<double> perWorker;
            for (quint64 n : s.connectionsPerWorker)
                perWorker.append(double(n));
            m_connections->appendStack(workerNames(int(perWorker.size()), feed.serverProcesses), x, perWorker);
        }
        // The run's own total is the top of the stack; a compared run has no stack.
        if (feed.comparison)
            m_connections->appendPoint(feed.name(tr("server open")), x, double(s.connections));
    } else {
        m_connections->appendPoint(feed.name(tr("load open")), x, double(s.connections));
        // Series that are mostly zero appear once they are not, so the legend fits under the chart.
        auto whenSeen = [&](const QString &name, quint64 value) {
            const QString series = feed.name(name);
            if (value > 0 || m_connections->pointCount(series) > 0)
                m_connections->appendPoint(series, x, double(value));
        };
        whenSeen(tr("load connecting"), s.connecting);
        whenSeen(tr("load failed (total)"), s.connectionsFailed);
        whenSeen(tr("load reconnecting"), s.reconnecting);
        whenSeen(tr("load gave up (total)"), s.reconnectGiveUps);
        plotReconnects(s, x, feed);
        plotTarget(s, x, feed);
    }
    feed.last.insert(s.source, s);
}

void RunCharts::plotRates(const MetricSample &s, double x, Feed &feed)
{
    const auto before = feed.last.constFind(s.source);
    const IntervalRates rates = before != feed.last.cend() ? IntervalRates::between(*before, s) : IntervalRates::first(s);
    const bool server = s.source == QLatin1String("server");
    const QString who = server ? tr("server") : tr("load");
    // The last interval of a run is a fraction of a second: no message rate or latency from it.
    if (!rates.partial) {
        const auto publishes = feed.config.scenario == QLatin1String("broadcast") ? TimeSeriesChart::Axis::Right
                                                                                  : TimeSeriesChart::Axis::Left;
        m_rate->appendPoint(feed.name(who + tr(" sent/s")), x, rates.sentPerSec, server ? TimeSeriesChart::Axis::Left : publishes);
        m_rate->appendPoint(feed.name(who + tr(" received/s")), x, rates.receivedPerSec, server ? publishes : TimeSeriesChart::Axis::Left);
        if (s.latency && !server) {
            m_latency->appendPoint(feed.name(tr("p50")), x, s.latency->p50Ms);
            m_latency->appendPoint(feed.name(tr("p99")), x, s.latency->p99Ms);
            m_latency->appendPoint(feed.name(tr("p99.9")), x, s.latency->p999Ms);
            m_latency->appendPoint(feed.name(tr("max")), x, s.latency->maxMs);
        }
    }
    // A kind gets its own series the first time it happens, then stays so its zeros show too.
    const double from = x - (rates.partial ? IntervalRates::kNominalSec : rates.seconds);
    auto count = [&](const QString &name, double rate) {
        const QString series = feed.name(name);
        if (rate > 0 && !feed.countedKinds.contains(series)) {
            feed.countedKinds.insert(series);
            m_errors->appendPoint(series, from, 0); // the line rises from zero
        }
        if (feed.countedKinds.contains(series))
            m_errors->appendPoint(series, x, rate);
    };
    for (auto it = rates.errorsPerSec.cbegin(); it != rates.errorsPerSec.cend(); ++it)
        count(who + QLatin1Char(' ') + it.key() + tr("/s"), it.value());
    for (auto it = rates.closesPerSec.cbegin(); it != rates.closesPerSec.cend(); ++it) {
        if (!CloseCodes::isNormal(it.key()))
            count(who + tr(" close %1/s").arg(it.key()), it.value());
    }
}

void RunCharts::plotNamed(const MetricSample &s, double x, Feed &feed)
{
    const auto before = feed.last.constFind(s.source);
    if (before != feed.last.cend() && IntervalRates::between(*before, s).partial)
        return; // the run's last fraction of a second: no percentiles or rates from it
    for (auto it = s.metrics.cbegin(); it != s.metrics.cend(); ++it) {
        if (m_metricPicker->offer(it.key()) && it->latency.count > 0) {
            m_latency->appendPoint(feed.name(it.key() + tr(" p50")), x, it->latency.p50Ms);
            m_latency->appendPoint(feed.name(it.key() + tr(" p99")), x, it->latency.p99Ms);
        }
    }
    for (auto it = s.counters.cbegin(); it != s.counters.cend(); ++it)
        m_rate->appendPoint(feed.name(it.key() + tr("/s")), x, it->perSec);
}

void RunCharts::plotProcess(const MetricSample &s, double x, Feed &feed)
{
    const bool server = s.source == QLatin1String("server");
    const QString who = server ? tr("server") : tr("load");
    m_memory->appendPoint(feed.name(who + tr(" RSS")), x, double(s.process.rssBytes) / kMiB);
    if (server) {
        if (const auto perConnection = feed.serverMemory.add(s.process.rssBytes, s.connections))
            m_memory->appendPoint(feed.name(tr("server KiB/connection")), x, *perConnection / 1024.0, TimeSeriesChart::Axis::Right);
    }
    const auto before = feed.last.constFind(s.source);
    const bool partial = before == feed.last.cend() ? false : IntervalRates::between(*before, s).partial;
    if (s.process.valid && !partial)
        m_cpu->appendPoint(feed.name(who + tr(" CPU")), x, s.process.cpuPercent);
}

void RunCharts::plotTarget(const MetricSample &s, double x, Feed &feed)
{
    if (s.target.isEmpty())
        return;
    const auto beforeIt = feed.last.constFind(s.source);
    const MetricSample before = beforeIt != feed.last.cend() ? *beforeIt : MetricSample();
    const IntervalRates rates = beforeIt != feed.last.cend() ? IntervalRates::between(before, s) : IntervalRates::first(s);
    // The watched process from /proc (--pid).
    const double rss = s.target.value(QStringLiteral("target_rss_bytes"), 0);
    if (rss > 0) {
        m_memory->appendPoint(feed.name(tr("target RSS")), x, rss / kMiB);
        if (const auto perConnection = feed.targetMemory.add(qint64(rss), s.connections))
            m_memory->appendPoint(feed.name(tr("target KiB/connection")), x, *perConnection / 1024.0, TimeSeriesChart::Axis::Right);
        if (!rates.partial)
            m_cpu->appendPoint(feed.name(tr("target CPU")), x, s.target.value(QStringLiteral("target_cpu_percent")));
        m_cpu->appendPoint(feed.name(tr("target threads")), x, s.target.value(QStringLiteral("target_threads")),
                           TimeSeriesChart::Axis::Right);
        m_connections->appendPoint(feed.name(tr("target open files")), x, s.target.value(QStringLiteral("target_open_fds")));
    }
    // Its /metrics: SocketScope's own names, what looks like messages and connections, or the user's picks.
    const ScrapedSeries scraped = ScrapedSeries::choose(s.target.keys(), feed.config.pickedSeries);
    for (const ScrapedSeries::Pick &pick : scraped.picks) {
        const double now = s.target.value(pick.key);
        if (pick.counter && (rates.partial || beforeIt == feed.last.cend() || !before.target.contains(pick.key)))
            continue;
        const double value = pick.counter ? counterRate(now, before.target.value(pick.key), rates) : now;
        const QString series = feed.name(pick.label);
        switch (pick.chart) {
        case ScrapedSeries::Chart::Rate: m_rate->appendPoint(series, x, value); break;
        case ScrapedSeries::Chart::Connections: m_connections->appendPoint(series, x, value); break;
        case ScrapedSeries::Chart::Errors:
            if (value > 0 || feed.countedKinds.contains(series)) {
                feed.countedKinds.insert(series);
                m_errors->appendPoint(series, x, value);
            }
            break;
        }
    }
}

void RunCharts::plotReconnects(const MetricSample &s, double x, Feed &feed)
{
    // A server restart's storm: how many came back each second, and how long they took.
    const auto before = feed.last.constFind(s.source);
    if (before == feed.last.cend())
        return;
    // Beside the closes that caused them, on the per-second chart: not an error, the recovery.
    const QString perSec = feed.name(tr("load reconnects/s"));
    const double rate = IntervalRates::between(*before, s).perSecond(s.reconnects, before->reconnects);
    if (rate > 0 || m_errors->pointCount(perSec) > 0)
        m_errors->appendPoint(perSec, x, rate);
    if (s.reconnectTime && s.reconnectTime->count > 0)
        m_latency->appendPoint(feed.name(tr("time to reconnect p99")), x, s.reconnectTime->p99Ms / 1000.0, TimeSeriesChart::Axis::Right);
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
    for (int i = 0; i < all.size(); ++i)
        painter.drawPixmap(QPoint((i % columns) * chartSize.width(), (i / columns) * chartSize.height()), all.at(i)->image(chartSize));
    return image;
}
