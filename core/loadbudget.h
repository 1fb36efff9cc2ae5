#pragma once

#include "runconfig.h"

#include <QString>

// What a load asks of the machine it runs on, before it starts: deliveries per second against
// what this kind of machine sustains with server and load sharing its cores. Measured on the
// project's 2-core machine (docs/BENCHMARKS-matrix.md, and broadcast runs from the console): about
// 40,000 deliveries/s per core for broadcast fan-out and 30,000 round trips/s per core for echo.
class LoadBudget
{
public:
    static constexpr double kBroadcastDeliveriesPerCore = 40000;
    static constexpr double kEchoRoundTripsPerCore = 30000;
    static constexpr double kWarnAbove = 2.0; // "far beyond": twice what the machine sustains

    static double capacityPerSec(const QString &scenario, int cores);
    // Empty when the asked rate fits; otherwise the warning to show before starting.
    static QString warning(const RunConfig &config, int cores);
};
