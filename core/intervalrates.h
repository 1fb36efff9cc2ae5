#pragma once

#include "metricsample.h"

#include <QMap>
#include <QString>

// What changed between two consecutive samples of one source, per second of the real interval.
// Engines sample once a second, but a run's last interval is a fraction of one (the final figures
// once the connections have closed): it is marked partial, its message rates are not drawn (they
// would show a false drop), and its counts are spread over a whole second, so a burst of closes
// in the last 40 ms is not magnified into a 30x spike.
struct IntervalRates
{
    static constexpr double kNominalSec = 1.0;
    static constexpr double kPartialBelowSec = 0.5;

    double seconds = 0; // the real interval length
    bool partial = false;
    double sentPerSec = 0;
    double receivedPerSec = 0;
    QMap<QString, double> errorsPerSec; // every kind the later sample knows, 0 when it did not grow
    QMap<int, double> closesPerSec; // every close code the later sample knows

    static IntervalRates between(const MetricSample &before, const MetricSample &now);
    // The first sample of a source: its interval began when the source started.
    static IntervalRates first(const MetricSample &now);

    // A counter's growth per second of this interval (of a whole second when partial).
    double perSecond(quint64 now, quint64 before) const;
};
