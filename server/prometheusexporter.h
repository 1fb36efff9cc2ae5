#pragma once

#include "fanout/redisbus.h"
#include "servercounters.h"

#include <processstats.h>

#include <QByteArray>

#include <optional>

// Renders the server's counters in the Prometheus text exposition format (version 0.0.4).
class PrometheusExporter
{
public:
    // bus: with --broadcast-bus, its socketscope_bus_* series.
    static QByteArray render(const ServerTotals &totals, const ProcessSnapshot &process,
                             const std::optional<BusTotals> &bus = std::nullopt);
};
