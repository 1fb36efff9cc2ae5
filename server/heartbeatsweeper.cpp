#include "heartbeatsweeper.h"

HeartbeatSweeper::HeartbeatSweeper(qint64 pingIntervalMs, qint64 timeoutMs)
    : m_intervalMs(pingIntervalMs)
    , m_timeoutMs(timeoutMs)
{
}

int HeartbeatSweeper::tickMs() const
{
    return int(qBound(qint64(50), m_intervalMs / 4, qint64(1000)));
}

void HeartbeatSweeper::start(HeartbeatState &state, qint64 nowMs) const
{
    state.lastSeenMs = nowMs;
    state.lastPingMs = nowMs;
    state.seenSinceSweep = false;
}

HeartbeatSweeper::Action HeartbeatSweeper::visit(HeartbeatState &state, qint64 nowMs) const
{
    if (state.seenSinceSweep) {
        state.lastSeenMs = nowMs;
        state.seenSinceSweep = false;
    }
    if (!enabled())
        return Action::None;
    if (nowMs - state.lastSeenMs >= m_timeoutMs)
        return Action::Expire;
    if (nowMs - state.lastPingMs >= m_intervalMs) {
        state.lastPingMs = nowMs;
        return Action::Ping;
    }
    return Action::None;
}

void HeartbeatSweeper::answerWaitsUnread(HeartbeatState &state, qint64 nowMs) const
{
    state.lastSeenMs = nowMs;
}
