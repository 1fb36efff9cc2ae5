#include "serverreport.h"

#include "fanout/redisbus.h"
#include "prometheusexporter.h"
#include "servercounters.h"

#include <processstats.h>

QByteArray ServerReport::metrics(const ServerCounters *counters, const RedisBus *bus)
{
    std::optional<BusTotals> busTotals;
    if (bus)
        busTotals = bus->totals();
    return PrometheusExporter::render(counters->totals(), ProcessStatsReader().read(), busTotals);
}

QByteArray ServerReport::health(bool stopping, const RedisBus *bus)
{
    if (stopping)
        return "stopping\n";
    if (bus && !bus->isHealthy()) // local subscribers are still served; the group's broadcasts are not
        return "degraded: broadcast bus " + bus->describe().toUtf8() + " unreachable\n";
    return "ok\n";
}
