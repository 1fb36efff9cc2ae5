#pragma once

#include "runconfig.h"

#include <QString>

// What a load asks of the machine it runs on, before it starts: deliveries per second against
// what server and load sharing its cores deliver before messages queue. Measured on the project's
// 2-core machine: broadcast 1,000 x 200 delivered 194,000/s with a p99 of 28 ms (bench/run), while
// 10,000 publishes/s to 200 subscribers (the console's old default) got 191,000/s with a p99 of
// 12.6 s; echo at window 1 peaks near 70,000 round trips/s (docs/BENCHMARKS-matrix.md).
class LoadBudget
{
public:
    static constexpr double kBroadcastDeliveriesPerCore = 80000;
    static constexpr double kEchoRoundTripsPerCore = 35000;

    static double capacityPerSec(const QString &scenario, int cores);
    // Empty when the asked rate fits; otherwise the warning to show before starting.
    static QString warning(const RunConfig &config, int cores);
};
