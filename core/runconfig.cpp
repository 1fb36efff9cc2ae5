#include "runconfig.h"

#include "commaseparated.h"

RunConfig RunConfig::of(const Session &session)
{
    const QJsonObject &c = session.config;
    const bool console = c.contains(QLatin1String("load")) || c.contains(QLatin1String("server"));
    const QJsonObject load = console ? c.value(QLatin1String("load")).toObject() : c;
    const QJsonObject server = c.value(QLatin1String("server")).toObject();
    RunConfig r;
    r.scenario = load.value(QLatin1String("scenario")).toString();
    r.scenarioFile = load.value(QLatin1String("scenarioFile")).toString();
    r.scenarioText = load.value(QLatin1String("scenarioText")).toString();
    r.scenarioCsv = load.value(QLatin1String("scenarioCsv")).toString();
    r.connections = quint64(qMax(0.0, load.value(QLatin1String("connections")).toDouble()));
    r.durationSec = load.value(QLatin1String("durationSec")).toDouble();
    r.loadThreads = load.value(QLatin1String("threads")).toInt();
    // The console's panel keeps a rate also when closed loop is chosen; the CLI writes 0 then.
    const bool openLoop = !console || load.value(QLatin1String("openLoop")).toBool() || r.scenario == QLatin1String("broadcast");
    if (openLoop && r.scenario != QLatin1String("idle"))
        r.ratePerSec = load.value(QLatin1String("ratePerSec")).toDouble();
    r.cores = c.value(QLatin1String("cores")).toInt();
    r.serverIdleRssBytes = qint64(c.value(QLatin1String("serverIdleRssBytes")).toDouble());
    r.attached = server.value(QLatin1String("mode")).toString() == QLatin1String("attach");
    if (r.attached) {
        r.targetUrl = server.value(QLatin1String("attachUrl")).toString();
        r.targetPid = server.value(QLatin1String("attachPid")).toVariant().toLongLong();
        r.metricsUrl = server.value(QLatin1String("attachMetricsUrl")).toString();
        r.pickedSeries = commaSeparated(server.value(QLatin1String("attachSeries")).toString());
    } else if (console) {
        r.serverWorkers = server.value(QLatin1String("workers")).toInt();
        r.targetUrl = load.value(QLatin1String("target")).toString();
    } else {
        r.targetUrl = c.value(QLatin1String("url")).toString();
        r.targetPid = qint64(c.value(QLatin1String("pid")).toDouble());
        r.metricsUrl = c.value(QLatin1String("scrapeUrl")).toString();
    }
    if (console) {
        r.thresholds = commaSeparated(load.value(QLatin1String("thresholds")).toString());
    } else {
        // socketscope-load keeps its thresholds only as the events that judged them: "p99<50ms: 12.3 ms, passed".
        for (const SessionEvent &e : session.events) {
            if (e.kind == QLatin1String("threshold"))
                r.thresholds << e.message.section(QLatin1Char(':'), 0, 0).trimmed();
        }
    }
    return r;
}

double RunConfig::askedDeliveriesPerSec() const
{
    if (scenario == QLatin1String("broadcast"))
        return ratePerSec * double(connections);
    return scenario == QLatin1String("echo") ? ratePerSec : 0;
}
