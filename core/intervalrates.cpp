#include "intervalrates.h"

IntervalRates IntervalRates::between(const MetricSample &before, const MetricSample &now)
{
    IntervalRates r;
    r.seconds = now.elapsedSec - before.elapsedSec;
    r.partial = r.seconds < kPartialBelowSec;
    r.sentPerSec = r.perSecond(now.messagesSent, before.messagesSent);
    r.receivedPerSec = r.perSecond(now.messagesReceived, before.messagesReceived);
    for (auto it = now.errors.cbegin(); it != now.errors.cend(); ++it)
        r.errorsPerSec.insert(it.key(), r.perSecond(it.value(), before.errors.value(it.key())));
    for (auto it = now.closeCodes.cbegin(); it != now.closeCodes.cend(); ++it)
        r.closesPerSec.insert(it.key(), r.perSecond(it.value(), before.closeCodes.value(it.key())));
    return r;
}

IntervalRates IntervalRates::first(const MetricSample &now)
{
    MetricSample start;
    start.source = now.source;
    return between(start, now);
}

double IntervalRates::perSecond(quint64 now, quint64 before) const
{
    return MetricSample::perSecond(now, before, partial ? kNominalSec : seconds);
}
