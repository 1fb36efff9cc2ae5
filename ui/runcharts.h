#pragma once

#include <metricsample.h>

#include <QHash>
#include <QSet>
#include <QWidget>

class SessionModel;
class TimeSeriesChart;

// The five live charts of a run: message rates, latency, connections (per server worker thread,
// stacked), memory and errors. Fed from a SessionModel, so a live run and an opened file look
// alike; a second model can be overlaid dashed for comparison.
class RunCharts : public QWidget
{
    Q_OBJECT
public:
    explicit RunCharts(QWidget *parent = nullptr);

    void setModel(const SessionModel *model);
    void setLive(bool live);
    // Overlays another run (" · B" series, dashed); nullptr removes the overlay.
    void setComparison(const SessionModel *other);
    void flush();

    TimeSeriesChart *rateChart() const { return m_rate; }
    TimeSeriesChart *latencyChart() const { return m_latency; }
    TimeSeriesChart *connectionsChart() const { return m_connections; }
    TimeSeriesChart *memoryChart() const { return m_memory; }
    TimeSeriesChart *errorsChart() const { return m_errors; }
    QList<TimeSeriesChart *> charts() const;
    // All five charts in one image, for headless runs and the report.
    QPixmap renderGrid(const QSize &chartSize = QSize(760, 360));

private:
    struct Feed
    {
        QString suffix; // "" for the run, " · B" for the comparison
        QHash<QString, MetricSample> last; // previous sample per source, for per-second deltas
        QSet<QString> countedKinds; // error kinds and close codes that have a series already
        QHash<QString, double> idleRss; // per source: server RSS when it last had no connections
    };

    void rebuild();
    void plotAll(const SessionModel &model, Feed &feed);
    void plot(const MetricSample &sample, double x, Feed &feed);
    void plotDeltas(const MetricSample &sample, const MetricSample &before, double x, Feed &feed);

    const SessionModel *m_model = nullptr;
    const SessionModel *m_comparison = nullptr;
    double m_timeExtent = 0;
    Feed m_runFeed;
    Feed m_compareFeed;
    TimeSeriesChart *m_rate;
    TimeSeriesChart *m_latency;
    TimeSeriesChart *m_connections;
    TimeSeriesChart *m_memory;
    TimeSeriesChart *m_errors;
};
