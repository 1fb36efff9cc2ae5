#include "connectionmemory.h"

ConnectionMemory::ConnectionMemory(qint64 idleRssBytes)
    : m_idleRss(qMax<qint64>(0, idleRssBytes))
    , m_baselineGiven(idleRssBytes > 0)
{
}

std::optional<double> ConnectionMemory::add(qint64 rssBytes, quint64 connections)
{
    if (rssBytes <= 0)
        return std::nullopt;
    // Without a given baseline, an idle moment before the load connected is one; later idle
    // moments are not (freed memory is seldom returned, so they would hide the growth).
    if (connections == 0 && !m_baselineGiven && m_peak == 0)
        m_idleRss = rssBytes;
    m_peak = qMax(m_peak, connections);
    if (m_idleRss <= 0 || connections < kMinConnections || double(connections) < kShareOfPeak * double(m_peak))
        return std::nullopt;
    const double perConnection = qMax(0.0, double(rssBytes - m_idleRss) / double(connections));
    if (connections == m_peak)
        m_atPeak = perConnection;
    return perConnection;
}
