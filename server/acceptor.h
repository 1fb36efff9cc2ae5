#pragma once

#include <listeningsocket.h>

#include <QVector>

class ServerCounters;
class ServerWorker;

// The main reactor: accepts in the engine's thread and hands each descriptor to the worker with
// the fewest open connections (ties go round-robin). Least-loaded, not plain round-robin, because
// connections are long-lived and close unevenly: after churn, round-robin leaves workers skewed.
// An accept that fails for want of files is counted (socketscope_errors_total{kind="accept_error"})
// and retried shortly after (ListeningSocket).
class Acceptor : public ListeningSocket
{
    Q_OBJECT
public:
    Acceptor(const QVector<ServerWorker *> &workers, ServerCounters *counters, QObject *parent = nullptr);

private:
    void handOff(qintptr descriptor);
    int pickWorker();

    QVector<ServerWorker *> m_workers;
    ServerCounters *m_counters;
    int m_next = 0;
};
