#include "serverevents.h"

#include "closecodes.h"

QVector<SessionEvent> ServerEvents::next(const MetricSample &sample)
{
    QVector<SessionEvent> events;
    auto report = [&](const QString &kind, quint64 now, quint64 before, const QString &message) {
        if (now > before)
            events.append({sample.elapsedSec, QStringLiteral("server"), kind, message.arg(now - before).arg(now)});
    };
    for (auto it = sample.errors.cbegin(); it != sample.errors.cend(); ++it)
        report(it.key(), it.value(), m_last.errors.value(it.key()), it.key() + QStringLiteral(": +%1 (%2 in all)"));
    for (auto it = sample.closeCodes.cbegin(); it != sample.closeCodes.cend(); ++it) {
        if (!CloseCodes::isNormal(it.key()))
            report(QStringLiteral("close_%1").arg(it.key()), it.value(), m_last.closeCodes.value(it.key()),
                   QStringLiteral("closed with %1: +%2 (%3 in all)").arg(it.key()));
    }
    m_last = sample;
    return events;
}
