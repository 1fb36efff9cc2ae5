#pragma once

#include <QtGlobal>

// Per-connection heartbeat bookkeeping: two timestamps and a flag, no timer.
struct HeartbeatState
{
    qint64 lastSeenMs = 0; // last sweep that found traffic from the peer
    qint64 lastPingMs = 0;
    bool seenSinceSweep = false; // set on every read from the peer; cheaper than reading a clock
};

// Decides, once per tick of the worker's single sweep timer, whether a connection is due a ping
// or has been silent past the timeout. At 100k connections this is one timer per worker and a
// linear pass, instead of 100k timers.
class HeartbeatSweeper
{
public:
    enum class Action { None, Ping, Expire };

    HeartbeatSweeper(qint64 pingIntervalMs, qint64 timeoutMs);

    bool enabled() const { return m_intervalMs > 0; }
    // How often the worker should sweep: a quarter of the interval, between 50 ms and 1 s.
    int tickMs() const;
    void start(HeartbeatState &state, qint64 nowMs) const;
    // Updates state; Ping means "send a ping now", Expire means "drop this connection".
    Action visit(HeartbeatState &state, qint64 nowMs) const;
    // For a connection visit() found expired whose peer's bytes wait unread in the kernel: the
    // peer answered and its worker is behind (a backlog longer than the timeout), so the lag is
    // ours, not the peer's silence. It counts as seen now.
    void answerWaitsUnread(HeartbeatState &state, qint64 nowMs) const;

private:
    qint64 m_intervalMs;
    qint64 m_timeoutMs;
};
