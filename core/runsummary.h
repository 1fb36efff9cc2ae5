#pragma once

#include "histogrambuckets.h"
#include "metricsample.h"

class LatencyHistogram;

#include <QJsonObject>
#include <QMap>

// Headline numbers of a whole load run: what thresholds are checked against and what the
// session file's "summary" holds.
struct RunSummary
{
    double durationSec = 0;
    quint64 peakConnections = 0;
    quint64 connectionsFailed = 0;
    quint64 messagesSent = 0;
    quint64 messagesReceived = 0;
    quint64 errors = 0; // failed connects + protocol errors + lost messages + unexpected closes
    double ratePerSec = 0; // messages received per second over the run
    double p50Ms = 0, p90Ms = 0, p99Ms = 0, p999Ms = 0, maxMs = 0;
    double allConnectedSec = -1; // from the start until every connection was open at once; -1: never
    quint64 reconnects = 0; // with --reconnect: reconnects that opened
    quint64 reconnectGiveUps = 0; // connections that used up their retries
    double reconnectP50Ms = 0, reconnectP99Ms = 0; // drop to reopened
    HistogramBuckets reconnectHistogram; // what those two come from, so merged runs get them exactly
    double clientCpuPercentPeak = 0;
    bool clientSaturated = false; // the load generator, not the server, limited the run
    QMap<QString, NamedMetric> metrics; // a scenario file's named latencies, over the run
    QMap<QString, quint64> counters; // a scenario file's named counters
    quint64 messagesUnmatched = 0;
    HistogramBuckets latencyHistogram; // the whole run's, what the percentiles above come from

    // The percentiles and the histogram of the whole run's latencies.
    void setLatency(const LatencyHistogram &run);
    void setReconnectTime(const LatencyHistogram &run);
    double errorPercent() const;
    // A named counter per second over the run; a metric's matches when no counter has the name.
    double namedRate(const QString &name) const;
    QJsonObject toJson() const;
    static RunSummary fromJson(const QJsonObject &json);
};
