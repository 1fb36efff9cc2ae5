#include "timeaxis.h"

#include <QCoreApplication>
#include <QValueAxis>

#include <cmath>

void TimeAxis::configure(QValueAxis *axis)
{
    axis->setTitleText(QCoreApplication::translate("TimeAxis", "Run time (s)"));
    axis->setLabelFormat(QStringLiteral("%.0f"));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
}

void TimeAxis::setRange(QValueAxis *axis, double fromSec, double toSec, int maxTicks)
{
    // Change range and tick step in the order that never asks for thousands of ticks in between
    // (a 1 s step over a one-hour range would build 3,600 grid lines and labels, then drop them).
    const double step = niceStep((toSec - fromSec) / qMax(1, maxTicks));
    if (step >= axis->tickInterval()) {
        axis->setTickInterval(step);
        axis->setRange(fromSec, toSec);
    } else {
        axis->setRange(fromSec, toSec);
        axis->setTickInterval(step);
    }
}

double TimeAxis::niceStep(double roughSec)
{
    for (double step : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0}) {
        if (roughSec <= step)
            return step;
    }
    return 3600.0 * std::ceil(roughSec / 3600.0);
}
