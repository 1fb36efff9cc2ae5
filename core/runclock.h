#pragma once

#include "sessionfile.h"

// The time axis every view of a run shares: seconds since the run's start, from the samples'
// wall clock, so a server and a load generator started a moment apart line up.
struct RunClock
{
    qint64 startedAtMs = 0; // wall clock; 0 = unknown (samples are then placed at their own t)

    // config.startedAtMs when the console wrote it, else when the first source started.
    static RunClock of(const Session &session);
    double secondsOf(const MetricSample &sample) const;
    double secondsAt(qint64 wallClockMs) const { return (wallClockMs - startedAtMs) / 1000.0; }
};
