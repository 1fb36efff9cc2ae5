#pragma once

#include <QTcpServer>
#include <QVector>

class ServerCounters;
class ServerWorker;

// The main reactor: accepts in the engine's thread and hands each descriptor to the worker with
// the fewest open connections (ties go round-robin). Least-loaded, not plain round-robin, because
// connections are long-lived and close unevenly: after churn, round-robin leaves workers skewed.
class Acceptor : public QTcpServer
{
    Q_OBJECT
public:
    Acceptor(const QVector<ServerWorker *> &workers, ServerCounters *counters, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    int pickWorker();

    QVector<ServerWorker *> m_workers;
    ServerCounters *m_counters;
    int m_next = 0;
};
