#pragma once

#include <QtGlobal>

// When a load thread does what, as functions of time, tested alone: how many connections the ramp
// has opened, when the open loop's n-th message is due, how many pings and churn closes a tick owes
// (the fraction carried to the next tick, so 20 pings/s at 5 ms ticks is one every tenth tick, not
// one per tick), and how long a reconnect attempt waits.
class LoadPacer
{
public:
    struct Plan
    {
        quint64 connections = 0; // this thread's share
        double rampPerSec = 0; // this thread's share; 0 = all at once
        double ratePerSec = 0; // open-loop messages of this thread; 0 = closed loop
        double churnPerSec = 0; // this thread's share
        double pingIntervalSec = 0; // per connection; 0 = no pings
    };

    explicit LoadPacer(const Plan &plan);

    // Connections the ramp has asked for after sinceStartNs.
    quint64 opensDue(qint64 sinceStartNs) const;
    // Open-loop messages due after sinceStartNs, and when (since the start) message n was due.
    quint64 sendsDue(qint64 sinceStartNs) const;
    qint64 sendDueNs(quint64 n) const;
    // What a tick owes after elapsedNs since the last one: pings to spread over open connections
    // (each pinged once per interval) and connections to churn.
    quint64 takePings(qint64 elapsedNs, quint64 openConnections);
    quint64 takeChurn(qint64 elapsedNs, quint64 openConnections);

    // Exponential backoff with jitter: attempt k (from 1) waits between half and all of
    // min x 2^(k-1), capped at max; jitter in [0, 1) picks where.
    static double reconnectDelaySec(int attempt, double minSec, double maxSec, double jitter);

private:
    static quint64 take(double *debt, double owed, quint64 cap);

    const Plan m_plan;
    double m_pingDebt = 0;
    double m_churnDebt = 0;
};
