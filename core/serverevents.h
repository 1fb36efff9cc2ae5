#pragma once

#include "sessionfile.h"

#include <QVector>

// The server prints counters, not events; a counter that moved since its previous sample is
// worth a line in the event log: heartbeat drops, refusals, protocol errors and abnormal closes.
// socketscope-server --json prints these lines itself, so its users see them too.
class ServerEvents
{
public:
    // Events for what grew from the previous sample to this one, at this sample's elapsed time.
    QVector<SessionEvent> next(const MetricSample &sample);

private:
    MetricSample m_last;
};
