#include "chartviewport.h"

#include <QtGlobal>

#include <cmath>

namespace {
constexpr double kMinSpanSec = 2.0;
constexpr double kGrowStepSec = 10.0;
} // namespace

void ChartViewport::setLive(bool live)
{
    m_live = live;
    m_follow = true;
}

void ChartViewport::update(double dataEndSec)
{
    if (!m_follow)
        return;
    if (m_live && dataEndSec > m_windowSec) {
        m_from = dataEndSec - m_windowSec; // slide
        m_to = dataEndSec;
    } else if (m_live) {
        // Grow in steps until the window is full, so early seconds are not squeezed into a corner.
        m_from = 0;
        m_to = qMin(m_windowSec, qMax(kGrowStepSec, std::ceil(dataEndSec * 1.2 / kGrowStepSec) * kGrowStepSec));
    } else {
        m_from = 0;
        m_to = qMax(dataEndSec, 1.0);
    }
}

void ChartViewport::showRange(double fromSec, double toSec, double dataEndSec)
{
    const double end = qMax(dataEndSec, m_live ? m_windowSec : 1.0);
    const double span = qBound(kMinSpanSec, toSec - fromSec, qMax(end, kMinSpanSec));
    m_from = qBound(0.0, fromSec, qMax(0.0, end - span));
    m_to = m_from + span;
    m_follow = false;
}

void ChartViewport::showWholeRun(double dataEndSec)
{
    if (m_live) {
        showRange(0, qMax(dataEndSec, 1.0), dataEndSec);
    } else {
        m_follow = true;
        update(dataEndSec);
    }
}

void ChartViewport::zoom(double centreSec, double factor, double dataEndSec)
{
    showRange(centreSec - (centreSec - m_from) * factor, centreSec + (m_to - centreSec) * factor, dataEndSec);
}

void ChartViewport::pan(double startFromSec, double deltaSec, double dataEndSec)
{
    const double span = m_to - m_from;
    showRange(startFromSec + deltaSec, startFromSec + deltaSec + span, dataEndSec);
}

QPair<double, double> ChartViewport::valueRange(double maxValue, double minPositive, bool log)
{
    if (!log)
        return {0, maxValue > 0 ? maxValue * 1.08 : 1};
    const double low = minPositive > 0 ? std::pow(10, std::floor(std::log10(minPositive))) : 0.1;
    const double high = maxValue > 0 ? std::pow(10, std::ceil(std::log10(maxValue * 1.01))) : 10;
    return {low, qMax(high, low * 10)};
}
