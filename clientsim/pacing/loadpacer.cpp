#include "loadpacer.h"

#include <cmath>

LoadPacer::LoadPacer(const Plan &plan)
    : m_plan(plan)
{
}

quint64 LoadPacer::opensDue(qint64 sinceStartNs) const
{
    if (m_plan.rampPerSec <= 0)
        return m_plan.connections;
    // The first connection opens at once, the next one 1/ramp seconds later, and so on.
    const double opened = std::floor(double(qMax<qint64>(0, sinceStartNs)) / 1e9 * m_plan.rampPerSec) + 1;
    return qMin(m_plan.connections, quint64(opened));
}

quint64 LoadPacer::sendsDue(qint64 sinceStartNs) const
{
    if (m_plan.ratePerSec <= 0 || sinceStartNs <= 0)
        return 0;
    return quint64(double(sinceStartNs) / 1e9 * m_plan.ratePerSec);
}

qint64 LoadPacer::sendDueNs(quint64 n) const
{
    return m_plan.ratePerSec > 0 ? qint64(double(n) * 1e9 / m_plan.ratePerSec) : 0;
}

quint64 LoadPacer::take(double *debt, double owed, quint64 cap)
{
    // A stalled thread (a long pass, a suspended process) owes at most one round, not a burst.
    *debt = qMin(*debt + owed, double(cap));
    const double whole = std::floor(*debt);
    *debt -= whole;
    return quint64(whole);
}

quint64 LoadPacer::takePings(qint64 elapsedNs, quint64 openConnections)
{
    if (m_plan.pingIntervalSec <= 0 || elapsedNs <= 0)
        return 0;
    return take(&m_pingDebt, double(elapsedNs) / 1e9 * double(openConnections) / m_plan.pingIntervalSec, openConnections);
}

quint64 LoadPacer::takeChurn(qint64 elapsedNs, quint64 openConnections)
{
    if (m_plan.churnPerSec <= 0 || elapsedNs <= 0)
        return 0;
    return take(&m_churnDebt, double(elapsedNs) / 1e9 * m_plan.churnPerSec, openConnections);
}

double LoadPacer::reconnectDelaySec(int attempt, double minSec, double maxSec, double jitter)
{
    const double ceiling = qMin(maxSec, minSec * std::ldexp(1.0, qBound(0, attempt - 1, 60)));
    return ceiling * (0.5 + 0.5 * qBound(0.0, jitter, 1.0));
}
