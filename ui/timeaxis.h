#pragma once

class QValueAxis;

// The run-time axis every chart shares: seconds, ticks at steps a person reads as times
// (1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, hours).
class TimeAxis
{
public:
    static void configure(QValueAxis *axis);
    // At most maxTicks + 1 labels: a narrow chart (a long legend beside it) gets fewer, not "...".
    static void setRange(QValueAxis *axis, double fromSec, double toSec, int maxTicks = 6);
    static double niceStep(double roughSec);
};
