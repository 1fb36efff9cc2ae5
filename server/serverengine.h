#pragma once

#include "serverconfig.h"
#include "servercounters.h"

#include <metricsample.h>
#include <processstats.h>
#include <sessionfile.h>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

class Acceptor;
class BroadcastHub;
class QThread;
class ReactorThread;
class RedisBus;
class ScrapeEndpoint;
class ServerWorker;

// The WebSocket server as one object: an acceptor in the caller's thread and N workers, each in
// its own ReactorThread. Never exits the process or prints; the CLI and tests decide that.
class ServerEngine : public QObject
{
    Q_OBJECT
public:
    explicit ServerEngine(QObject *parent = nullptr);
    ~ServerEngine() override;

    // Listens and starts the workers. On false, errorString() says why and nothing is running.
    bool start(const ServerConfig &config);
    QString errorString() const { return m_error; }
    quint16 serverPort() const;
    quint16 metricsPort() const; // of --metrics-port; 0 when there is none
    bool isRunning() const { return m_acceptor != nullptr; }
    // Stops accepting, closes every connection with closeCode (1001 going away; 1012 for a restart,
    // which tells clients to come back) and emits stopped() when all are gone.
    void stop(int closeCode = 1001);

    ServerTotals totals() const { return m_counters->totals(); }
    // The thread worker index runs in, while running (tests put a busy slot there).
    QThread *workerThread(int index) const;
    MetricSample takeSample(); // also what sampleReady() carries

Q_SIGNALS:
    // All signals fire in the thread that called start().
    void started();
    void sampleReady(const MetricSample &sample); // once a second while running
    // The broadcast bus went down ("bus_degraded") or came back ("bus_healthy"); a full group
    // member left its port's group ("port_group_left") or rejoined it ("port_group_rejoined").
    void eventOccurred(const SessionEvent &event);
    void stopped();

private:
    static constexpr int kBusDrainMs = 1000; // at most, after the workers drained
    static constexpr int kBusWaitMs = 2000; // at most, before accepting without the bus

    void onWorkerDrained();
    void finishStop();
    void tearDown();
    bool listen();
    void startBus();
    void emitEvent(const QString &kind, const QString &detail);

    ServerConfig m_config;
    QString m_error;
    std::unique_ptr<ServerCounters> m_counters;
    std::unique_ptr<BroadcastHub> m_hub;
    std::vector<std::unique_ptr<ReactorThread>> m_threads;
    QVector<ServerWorker *> m_workers;
    Acceptor *m_acceptor = nullptr;
    ScrapeEndpoint *m_metrics = nullptr; // --metrics-port
    bool m_stopping = false;
    RedisBus *m_bus = nullptr; // lives in m_busThread, which deletes it
    std::unique_ptr<ReactorThread> m_busThread;
    int m_workersDraining = 0;
    QTimer m_sampleTimer;
    QElapsedTimer m_sinceStart;
    QElapsedTimer m_drainingSince;
    ProcessStatsReader m_processStats;
    ServerTotals m_lastTotals;
    double m_lastSampleSec = 0;
};
