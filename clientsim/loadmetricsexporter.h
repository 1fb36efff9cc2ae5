#pragma once

#include <latencyhistogram.h>
#include <metricsample.h>

#include <QByteArray>

// socketscope-load's live figures as Prometheus text (--metrics-listen): the latest totals and
// gauges, and the run's latency histogram as cumulative `le` buckets, so several agents add up in
// PromQL: histogram_quantile(0.99, sum by (le) (rate(socketscope_load_latency_seconds_bucket[1m]))).
class LoadMetricsExporter
{
public:
    // Every sample the engine emits, in order.
    void add(const MetricSample &sample);
    QByteArray render() const;

    // Upper bounds of the `le` buckets, in seconds (+Inf follows).
    static const QVector<double> &bucketBoundsSec();

private:
    MetricSample m_latest;
    LatencyHistogram m_latency; // the whole run so far
};
