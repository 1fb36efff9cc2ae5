#pragma once

#include <listeningsocket.h>

#include <QTimer>
#include <QVector>

class ServerCounters;
class ServerWorker;

// The main reactor: accepts in the engine's thread and hands each descriptor to the worker with
// the fewest open connections (ties go round-robin). Least-loaded, not plain round-robin, because
// connections are long-lived and close unevenly: after churn, round-robin leaves workers skewed.
// An accept that fails for want of files is counted (socketscope_errors_total{kind="accept_error"})
// and retried shortly after (ListeningSocket).
//
// In a server group (SO_REUSEPORT) the kernel spreads connections by a hash of their addresses,
// blind to load: a full member would answer every one it gets with 503, and after a restart the
// returning clients would bounce off full members until their backoff lands them elsewhere. So a
// member at its connection limit leaves the port's group (closes its listener, the kernel then
// hashes over the others) and rejoins once it is below kRejoinPercent of the limit.
class Acceptor : public ListeningSocket
{
    Q_OBJECT
public:
    static constexpr int kRejoinPercent = 95;
    static constexpr int kRejoinCheckMs = 100;

    Acceptor(const QVector<ServerWorker *> &workers, ServerCounters *counters, QObject *parent = nullptr);

    // Leave the port's group at maxConnections (admitted plus still in their handshake).
    void leaveGroupWhenFull(quint64 maxConnections);
    // For good: closes the listener and never rejoins.
    void stopAccepting();

Q_SIGNALS:
    // Left the group at its limit, or rejoined it (error: rejoining failed, to be tried again).
    void groupMembershipChanged(bool member, quint64 load, const QString &error);

private:
    void handOff(qintptr descriptor);
    int pickWorker();
    quint64 load() const;
    void leaveGroup();
    void rejoinGroupIfRoom();

    QVector<ServerWorker *> m_workers;
    ServerCounters *m_counters;
    int m_next = 0;
    quint64 m_leaveAt = 0; // 0: never leave
    bool m_leaving = false; // a leave is queued
    QTimer m_rejoinCheck;
};
