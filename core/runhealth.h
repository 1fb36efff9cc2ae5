#pragma once

#include "runconfig.h"
#include "sessionfile.h"

#include <QStringList>
#include <QVector>

#include <optional>

// Whether a run's figures can be trusted, judged from its samples and events: stretches where
// nothing was served (dead time), which side ran out of CPU, samples that came late, a run that
// overran its duration, and a rate asked for but not delivered. Times are on the run's clock.
struct RunHealth
{
    struct Interval
    {
        double fromSec = 0;
        double toSec = 0;
        QString why;
    };

    static constexpr double kSaturatedShareOfCores = 0.9; // CPU at or above 90 % of what it may use
    static constexpr double kLateAfterSec = 1.5; // a sample due each second that took longer
    static constexpr double kShortfallBelow = 0.9; // delivered under 90 % of what was asked

    QVector<Interval> dead;
    double durationSec = 0; // the load's span on the run clock
    std::optional<double> serverDiedAtSec;
    quint64 connectionsAtServerDeath = 0; // they ended without a close frame (1006)

    bool loadCpuSaturated = false;
    bool serverCpuSaturated = false;
    bool machineSaturated = false; // server + load together used the machine's cores
    double loadCpuPeakPercent = 0;
    double serverCpuPeakPercent = 0;

    int lateSamples = 0;
    double longestGapSec = 0;

    bool overran = false;
    double ranSec = 0; // the load's own duration
    double plannedSec = 0;

    bool rateShortfall = false;
    double askedPerSec = 0; // deliveries per second asked for
    double deliveredPerSec = 0; // received by the load, fully connected and alive

    double deadSec() const;
    double liveSec() const { return qMax(0.0, durationSec - deadSec()); }
    // One sentence per problem, for the banner, the summary and the report; empty when none.
    QStringList warnings() const;

    static RunHealth of(const Session &session);
};
