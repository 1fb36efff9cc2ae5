#pragma once

#include "servercounters.h"

#include <processstats.h>

#include <QByteArray>

// Renders the server's counters in the Prometheus text exposition format (version 0.0.4).
class PrometheusExporter
{
public:
    static QByteArray render(const ServerTotals &totals, const ProcessSnapshot &process);
};
