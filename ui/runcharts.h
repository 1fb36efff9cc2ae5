#pragma once

#include <connectionmemory.h>
#include <metricsample.h>
#include <runconfig.h>

#include <QHash>
#include <QSet>
#include <QWidget>

class MetricPicker;
class SessionModel;
class TimeSeriesChart;

// The six charts of a run: message rates, latency, connections (per server worker thread,
// stacked), memory, CPU and errors. Fed from a SessionModel, so a live run and an opened file look
// alike; a second model can be overlaid dashed for comparison. What they draw is derived in core/
// (IntervalRates, ConnectionMemory, ScrapedSeries, RunHealth); titles follow the run's mode.
// A scenario file's named latencies get p50/p99 series of their own (MetricPicker says which),
// its named counters a rate each.
class RunCharts : public QWidget
{
    Q_OBJECT
public:
    explicit RunCharts(QWidget *parent = nullptr);

    void setModel(const SessionModel *model);
    void setLive(bool live);
    // Overlays another run (ComparisonSeries, dashed); nullptr removes the overlay.
    void setComparison(const SessionModel *other);
    void flush();
    // One member's own sample of a server group or of load agents ("server p2"): its RSS and CPU
    // in the hover read-out of the memory and CPU charts, under the group's sum.
    void addMemberSample(const QString &member, const MetricSample &sample);

    TimeSeriesChart *rateChart() const { return m_rate; }
    TimeSeriesChart *latencyChart() const { return m_latency; }
    TimeSeriesChart *connectionsChart() const { return m_connections; }
    TimeSeriesChart *memoryChart() const { return m_memory; }
    TimeSeriesChart *cpuChart() const { return m_cpu; }
    TimeSeriesChart *errorsChart() const { return m_errors; }
    MetricPicker *metricPicker() const { return m_metricPicker; }
    QList<TimeSeriesChart *> charts() const;
    // All six charts in one image, for headless runs.
    QPixmap renderGrid(const QSize &chartSize = QSize(760, 360));

private:
    struct Feed
    {
        bool comparison = false;
        RunConfig config;
        int serverProcesses = 1; // a server group's connections stack per process and worker
        QHash<QString, MetricSample> last; // previous sample per source, for per-second deltas
        QSet<QString> countedKinds; // error kinds and close codes that have a series already
        ConnectionMemory serverMemory;
        ConnectionMemory targetMemory;
        QString name(const QString &series) const;
    };

    void rebuild();
    void configure();
    void startFeed(Feed &feed, const SessionModel &model);
    void plotAll(const SessionModel &model, Feed &feed);
    void plot(const MetricSample &sample, double x, Feed &feed);
    void plotRates(const MetricSample &sample, double x, Feed &feed);
    void plotProcess(const MetricSample &sample, double x, Feed &feed);
    void plotTarget(const MetricSample &sample, double x, Feed &feed);
    void plotNamed(const MetricSample &sample, double x, Feed &feed);
    void plotReconnects(const MetricSample &sample, double x, Feed &feed);
    void markDeadTime();

    const SessionModel *m_model = nullptr;
    const SessionModel *m_comparison = nullptr;
    double m_timeExtent = 0;
    Feed m_runFeed;
    Feed m_compareFeed;
    TimeSeriesChart *m_rate;
    TimeSeriesChart *m_latency;
    TimeSeriesChart *m_connections;
    TimeSeriesChart *m_memory;
    TimeSeriesChart *m_cpu;
    TimeSeriesChart *m_errors;
    MetricPicker *m_metricPicker;
};
