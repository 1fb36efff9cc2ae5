#pragma once

#include "loadconfig.h"
#include "workersnapshot.h"

#include <latencyhistogram.h>
#include <metricsample.h>
#include <processstats.h>
#include <runsummary.h>
#include <sessionfile.h>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

class LoadWorker;
class ReactorThread;
class TargetWatcher;

// The load generator as one object: N LoadWorkers in their own threads, merged once a second
// into a MetricSample. Runs for the configured duration or until stop(), then emits finished().
// All signals fire in the thread that called start().
class LoadEngine : public QObject
{
    Q_OBJECT
public:
    explicit LoadEngine(QObject *parent = nullptr);
    ~LoadEngine() override;

    bool start(const LoadConfig &config);
    QString errorString() const { return m_error; }
    bool isRunning() const { return !m_workers.isEmpty(); }
    // Ends the run early (e.g. SIGINT); finished() still follows with everything measured.
    void stop();

    const RunSummary &summary() const { return m_summary; }
    // Config, every sample, events and summary: what --out writes.
    Session session() const;

Q_SIGNALS:
    void sampleReady(const MetricSample &sample);
    void eventOccurred(const SessionEvent &event);
    void finished(const RunSummary &summary);

private:
    void requestSnapshots();
    void collect(const WorkerSnapshot &snapshot, bool final);
    void publishSample();
    void closeWorkers();
    void noteReconnectStorm(const WorkerSnapshot &totals);
    void emitEvent(const QString &kind, const QString &message);
    void finish();

    LoadConfig m_config;
    QString m_error;
    std::vector<std::unique_ptr<ReactorThread>> m_threads;
    QVector<LoadWorker *> m_workers;
    QVector<WorkerSnapshot> m_pending;
    int m_awaiting = 0;
    bool m_stopRequested = false;
    bool m_stopping = false; // workers are closing their connections
    QTimer m_sampleTimer;
    QTimer m_durationTimer;
    QElapsedTimer m_sinceStart;
    ProcessStatsReader m_processStats;
    TargetWatcher *m_target = nullptr;
    WorkerSnapshot m_lastTotals;
    double m_lastSampleSec = 0;
    LatencyHistogram m_runLatency;
    LatencyHistogram m_runReconnectTime;
    struct Storm
    {
        quint64 reconnectsBefore = 0;
        quint64 giveUpsBefore = 0;
        LatencyHistogram time;
    };
    std::optional<Storm> m_storm; // connections are reconnecting
    Session m_session;
    RunSummary m_summary;
};
