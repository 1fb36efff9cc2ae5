#include "summaryreport.h"

namespace {

QString row(const QString &name, const QString &value)
{
    return QStringLiteral("  %1 %2\n").arg(name, -22).arg(value);
}

QString ms(double v)
{
    return QStringLiteral("%1 ms").arg(v, 0, 'f', v < 10 ? 3 : 1);
}

} // namespace

QString SummaryReport::progressLine(const MetricSample &s)
{
    const LatencySummary l = s.latency.value_or(LatencySummary());
    return QStringLiteral("%1s  conns %2 (+%3 connecting, %4 failed)  sent %5/s  recv %6/s  p50 %7  p99 %8  cpu %9%")
        .arg(s.elapsedSec, 0, 'f', 0)
        .arg(s.connections)
        .arg(s.connecting)
        .arg(s.connectionsFailed)
        .arg(s.sentPerSec, 0, 'f', 0)
        .arg(s.receivedPerSec, 0, 'f', 0)
        .arg(ms(l.p50Ms), ms(l.p99Ms))
        .arg(s.process.cpuPercent, 0, 'f', 0);
}

QString SummaryReport::table(const RunSummary &s, const QVector<Threshold> &thresholds)
{
    QString out = QStringLiteral("\nSummary\n");
    out += row(QStringLiteral("duration"), QStringLiteral("%1 s").arg(s.durationSec, 0, 'f', 1));
    out += row(QStringLiteral("peak connections"), QString::number(s.peakConnections));
    out += row(QStringLiteral("failed connections"), QString::number(s.connectionsFailed));
    out += row(QStringLiteral("messages sent"), QString::number(s.messagesSent));
    out += row(QStringLiteral("messages received"), QString::number(s.messagesReceived));
    out += row(QStringLiteral("receive rate"), QStringLiteral("%1 msg/s").arg(s.ratePerSec, 0, 'f', 0));
    out += row(QStringLiteral("latency p50/p90"), ms(s.p50Ms) + QStringLiteral(" / ") + ms(s.p90Ms));
    out += row(QStringLiteral("latency p99/p99.9"), ms(s.p99Ms) + QStringLiteral(" / ") + ms(s.p999Ms));
    out += row(QStringLiteral("latency max"), ms(s.maxMs));
    if (s.unmatched > 0)
        out += row(QStringLiteral("server's own messages"), QStringLiteral("%1 (not errors)").arg(s.unmatched));
    if (s.reconnects > 0 || s.reconnectGiveUps > 0)
        out += row(QStringLiteral("reconnects"), QStringLiteral("%1 (drop to open p50 %2, p99 %3), %4 gave up")
                                                     .arg(s.reconnects)
                                                     .arg(ms(s.reconnectP50Ms), ms(s.reconnectP99Ms))
                                                     .arg(s.reconnectGiveUps));
    out += row(QStringLiteral("errors"), QStringLiteral("%1 (%2 %)").arg(s.errors).arg(s.errorPercent(), 0, 'g', 3));
    out += row(QStringLiteral("client CPU peak"), QStringLiteral("%1 %").arg(s.clientCpuPercentPeak, 0, 'f', 0));
    if (s.clientSaturated)
        out += QStringLiteral("  NOTE: the load generator saturated its CPU; the numbers measure the client, "
                              "not the server. Add --threads or run more load processes.\n");
    if (!thresholds.isEmpty()) {
        out += QStringLiteral("Thresholds\n");
        for (const Threshold &t : thresholds)
            out += QStringLiteral("  ") + t.describe(s) + QLatin1Char('\n');
    }
    return out;
}
