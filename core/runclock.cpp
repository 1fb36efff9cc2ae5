#include "runclock.h"

#include <limits>

RunClock RunClock::of(const Session &session)
{
    RunClock clock;
    clock.startedAtMs = session.config.value(QLatin1String("startedAtMs")).toVariant().toLongLong();
    if (clock.startedAtMs > 0)
        return clock;
    qint64 first = std::numeric_limits<qint64>::max();
    for (const MetricSample &s : session.samples) {
        if (s.timestampMs > 0)
            first = qMin(first, s.timestampMs - qint64(s.elapsedSec * 1000));
    }
    clock.startedAtMs = first == std::numeric_limits<qint64>::max() ? 0 : first;
    return clock;
}

double RunClock::secondsOf(const MetricSample &sample) const
{
    if (sample.timestampMs > 0 && startedAtMs > 0)
        return secondsAt(sample.timestampMs);
    return sample.elapsedSec;
}
