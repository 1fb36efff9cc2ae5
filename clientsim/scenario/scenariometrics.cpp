#include "scenariometrics.h"

ScenarioMetrics::ScenarioMetrics(const QStringList &metricNames, const QStringList &counterNames)
    : m_metricNames(metricNames), m_counterNames(counterNames), m_metrics(metricNames.size()), m_counters(counterNames.size())
{
}

void ScenarioMetrics::recordLatency(int metric, qint64 ns)
{
    Metric &m = m_metrics[metric];
    m.latency.record(ns);
    ++m.matched;
}

void ScenarioMetrics::countTimeout(int metric)
{
    if (metric < 0)
        ++m_unnamedTimeouts;
    else
        ++m_metrics[metric].timeouts;
}

void ScenarioMetrics::merge(const ScenarioMetrics &other)
{
    if (m_metrics.isEmpty() && m_counters.isEmpty()) {
        m_metricNames = other.m_metricNames;
        m_counterNames = other.m_counterNames;
        m_metrics.resize(other.m_metrics.size());
        m_counters.resize(other.m_counters.size());
    }
    Q_ASSERT(m_metricNames == other.m_metricNames && m_counterNames == other.m_counterNames);
    for (int i = 0; i < m_metrics.size(); ++i) {
        m_metrics[i].latency.merge(other.m_metrics[i].latency);
        m_metrics[i].matched += other.m_metrics[i].matched;
        m_metrics[i].timeouts += other.m_metrics[i].timeouts;
    }
    for (int i = 0; i < m_counters.size(); ++i)
        m_counters[i] += other.m_counters[i];
    m_unnamedTimeouts += other.m_unnamedTimeouts;
}

ScenarioMetrics ScenarioMetrics::takeInterval()
{
    ScenarioMetrics interval = *this;
    *this = ScenarioMetrics(m_metricNames, m_counterNames);
    return interval;
}

void ScenarioMetrics::writeSample(MetricSample *sample, const ScenarioMetrics &run, double intervalSec) const
{
    for (int i = 0; i < m_metrics.size(); ++i) {
        const Metric &total = run.m_metrics.value(i);
        NamedMetric named;
        named.count = total.matched;
        named.timeouts = total.timeouts;
        named.latency = m_metrics[i].latency.summary();
        sample->metrics.insert(m_metricNames[i], named);
        sample->errors.insert(m_metricNames[i] + QStringLiteral(".timeouts"), total.timeouts);
    }
    for (int i = 0; i < m_counters.size(); ++i)
        sample->counters.insert(m_counterNames[i], NamedCounter{run.m_counters.value(i), intervalSec > 0 ? double(m_counters[i]) / intervalSec : 0});
    if (run.m_unnamedTimeouts > 0)
        sample->errors.insert(QStringLiteral("await_timeouts"), run.m_unnamedTimeouts);
}

void ScenarioMetrics::writeSummary(RunSummary *summary) const
{
    for (int i = 0; i < m_metrics.size(); ++i) {
        NamedMetric named;
        named.count = m_metrics[i].matched;
        named.timeouts = m_metrics[i].timeouts;
        named.latency = m_metrics[i].latency.summary();
        summary->metrics.insert(m_metricNames[i], named);
    }
    for (int i = 0; i < m_counters.size(); ++i)
        summary->counters.insert(m_counterNames[i], m_counters[i]);
}
