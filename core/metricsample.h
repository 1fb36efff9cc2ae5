#pragma once

#include "histogrambuckets.h"
#include "processstats.h"

#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QVector>

#include <optional>

struct LatencySummary
{
    double p50Ms = 0;
    double p90Ms = 0;
    double p99Ms = 0;
    double p999Ms = 0;
    double maxMs = 0;
    quint64 count = 0;
};

// A named latency of a scenario file (e.g. say_ack): matches and timeouts, and their latencies.
// In a sample count and timeouts are totals since the start and latency is of the last interval;
// in a run summary all three cover the whole run.
struct NamedMetric
{
    quint64 count = 0;
    quint64 timeouts = 0;
    LatencySummary latency;

    double timeoutPercent() const;
};

// A named counter of a scenario file (e.g. ticks): total since the start, rate over the last interval.
struct NamedCounter
{
    quint64 count = 0;
    double perSec = 0;
};

// One second of one source (a server or a load generator). The JSON line a CLI prints each second
// and an entry of a session file's "samples" array are this object; docs/session-format.md is the schema.
struct MetricSample
{
    QString source; // "server" or "load"
    qint64 timestampMs = 0; // wall clock, ms since the Unix epoch
    double elapsedSec = 0; // since the source started

    quint64 connections = 0; // open now
    quint64 connecting = 0; // handshakes in progress
    quint64 connectionsFailed = 0; // total refused or failed
    QVector<quint64> connectionsPerWorker;

    quint64 messagesSent = 0; // totals since start
    quint64 messagesReceived = 0;
    quint64 bytesSent = 0;
    quint64 bytesReceived = 0;
    double sentPerSec = 0; // over the last interval
    double receivedPerSec = 0;

    quint64 reconnecting = 0; // load: connections waiting for or making a reconnect attempt, now
    quint64 reconnects = 0; // load: reconnects that opened, total
    quint64 reconnectGiveUps = 0; // load: connections that used up their reconnect retries, total

    QMap<QString, quint64> errors; // totals by kind
    QMap<int, quint64> closeCodes; // totals by RFC 6455 close code
    std::optional<LatencySummary> latency; // of the last interval
    HistogramBuckets latencyHistogram; // the same interval's latencies, for exact merging; empty when none
    std::optional<LatencySummary> reconnectTime; // load: drop to reopened, reconnects of the last interval
    ProcessSnapshot process;
    QMap<QString, double> target; // values scraped from the target's /metrics or /proc
    QMap<QString, NamedMetric> metrics; // load with a scenario file: by metric name
    QMap<QString, NamedCounter> counters;
    quint64 messagesUnmatched = 0; // load: received frames no await or handler took, total

    // Errors of a load sample, as the run summary counts them: failed connects once (their
    // connect_* kinds are a breakdown), skipped sends not at all (the client holding back).
    quint64 errorCount() const;

    // A counter's rate over an interval; 0 for an empty interval or a counter that went back.
    static double perSecond(quint64 now, quint64 before, double seconds)
    {
        return seconds > 0 && now >= before ? double(now - before) / seconds : 0;
    }

    QJsonObject toJson() const;
    // Returns nullopt and sets *error for anything that is not a sample.
    static std::optional<MetricSample> fromJson(const QJsonObject &json, QString *error);
};

Q_DECLARE_METATYPE(MetricSample)
