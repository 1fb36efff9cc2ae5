#include "loadbudget.h"

#include "groupednumber.h"

double LoadBudget::capacityPerSec(const QString &scenario, int cores)
{
    const double perCore = scenario == QLatin1String("broadcast") ? kBroadcastDeliveriesPerCore : kEchoRoundTripsPerCore;
    return perCore * qMax(1, cores);
}

QString LoadBudget::warning(const RunConfig &config, int cores)
{
    const double asked = config.askedDeliveriesPerSec();
    const double capacity = capacityPerSec(config.scenario, cores);
    if (asked <= capacity)
        return {};
    const QString what = config.scenario == QLatin1String("broadcast")
        ? QStringLiteral("%1 publishes/s to %2 subscribers is %3 deliveries/s")
              .arg(groupedNumber(config.ratePerSec), groupedNumber(double(config.connections)),
                   groupedNumber(asked))
        : QStringLiteral("%1 messages/s").arg(groupedNumber(asked));
    return QStringLiteral("%1; with server and load on this machine's %2 cores, about %3/s arrive before messages "
                          "queue. Beyond that, latency measures the queue and the run overruns its duration.")
        .arg(what)
        .arg(qMax(1, cores))
        .arg(groupedNumber(capacity));
}
