#pragma once

#include <latencyhistogram.h>
#include <metricsample.h>
#include <runsummary.h>

#include <QStringList>
#include <QVector>

// What runs measured by the program's metric and counter numbers: latency histograms, matches and
// timeouts per named metric, counts per named counter. A load thread records
// into its own; each second it hands over takeInterval(), the engine merge()s the threads' and
// keeps a merge() of all intervals for the run. No locks: one owner at a time.
class ScenarioMetrics
{
public:
    ScenarioMetrics() = default;
    ScenarioMetrics(const QStringList &metricNames, const QStringList &counterNames);

    void recordLatency(int metric, qint64 ns);
    void countTimeout(int metric); // -1: an await without a metric
    void count(int counter) { ++m_counters[counter]; }

    void merge(const ScenarioMetrics &other);
    // What was recorded since the last call; this starts afresh.
    ScenarioMetrics takeInterval();

    quint64 matched(int metric) const { return m_metrics[metric].matched; }
    quint64 timeouts(int metric) const { return m_metrics[metric].timeouts; }
    quint64 counter(int counter) const { return m_counters[counter]; }
    quint64 unnamedTimeouts() const { return m_unnamedTimeouts; }
    const LatencyHistogram &latency(int metric) const { return m_metrics[metric].latency; }

    // This is one interval of intervalSec, run the merge of every interval so far (this one included).
    // Timeouts also go into the sample's errors as NAME.timeouts (await_timeouts without a name).
    void writeSample(MetricSample *sample, const ScenarioMetrics &run, double intervalSec) const;
    void writeSummary(RunSummary *summary) const;

private:
    struct Metric
    {
        LatencyHistogram latency;
        quint64 matched = 0;
        quint64 timeouts = 0;
    };

    QStringList m_metricNames;
    QStringList m_counterNames;
    QVector<Metric> m_metrics;
    QVector<quint64> m_counters;
    quint64 m_unnamedTimeouts = 0;
};
