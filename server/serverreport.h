#pragma once

#include <QByteArray>

class RedisBus;
class ServerCounters;

// What /metrics and /healthz say about this process, wherever they are served: on the shared
// port by a worker, or on --metrics-port by the engine.
class ServerReport
{
public:
    // Prometheus text: the counters, this process, and the bus's series when there is one.
    static QByteArray metrics(const ServerCounters *counters, const RedisBus *bus);
    // "ok", "stopping", or "degraded: ..." while the broadcast bus is unreachable.
    static QByteArray health(bool stopping, const RedisBus *bus);
};
