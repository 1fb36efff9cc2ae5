#pragma once

#include <QtGlobal>

#include <optional>

// What one connection costs a server: its RSS growth above the idle process, divided by the open
// connections. Total RSS / connections would charge the runtime's fixed cost to each connection
// (106.9 KiB with 200 connections where the growth is ~16 KiB), and RSS does not shrink while
// connections close (~550 KiB each near the end). So the figure exists only with a known idle
// baseline and from a meaningful number of connections: at least kMinConnections and at least
// kShareOfPeak of the most seen so far.
class ConnectionMemory
{
public:
    static constexpr quint64 kMinConnections = 100;
    static constexpr double kShareOfPeak = 0.9;

    // idleRssBytes: the process before any connection (0 = unknown: learnt from a sample with no
    // connections, if one comes).
    explicit ConnectionMemory(qint64 idleRssBytes = 0);

    // Feed every sample of the server in order; returns bytes per connection, or nullopt when
    // there is no meaningful figure at this sample.
    std::optional<double> add(qint64 rssBytes, quint64 connections);

    qint64 idleRssBytes() const { return m_idleRss; }
    // The figure at the most connections seen (the latest sample with that count), if any.
    std::optional<double> atPeak() const { return m_atPeak; }
    quint64 peakConnections() const { return m_peak; }

private:
    qint64 m_idleRss = 0;
    bool m_baselineGiven = false;
    quint64 m_peak = 0;
    std::optional<double> m_atPeak;
};
