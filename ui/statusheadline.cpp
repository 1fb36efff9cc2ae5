#include "statusheadline.h"

#include <sessionheadline.h>

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

QString count(double value)
{
    return QLocale().toString(value, 'f', 0);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("StatusHeadline", text);
}

QString wholeRun(const Session &session)
{
    const SessionHeadline h = SessionHeadline::of(session);
    return tr("Run of %1 s · peak %2 connections · %3 msg/s · p99 %4 ms · server peak %5 MiB (%6 KiB/connection) · errors %7 (%8 %)")
        .arg(h.durationSec, 0, 'f', 0)
        .arg(count(double(h.peakConnections)), count(h.messagesPerSec))
        .arg(h.p99Ms, 0, 'f', 1)
        .arg(h.serverRssPeakMiB, 0, 'f', 0)
        .arg(h.bytesPerConnection / 1024.0, 0, 'f', 1)
        .arg(count(double(h.errors)))
        .arg(h.errorPercent, 0, 'f', 2);
}

} // namespace

QString StatusHeadline::text(const Session &session, bool live)
{
    const QVector<MetricSample> &samples = session.samples;
    if (samples.isEmpty() && session.summary.contains(QLatin1String("conformance"))) {
        const int passed = session.summary.value(QLatin1String("conformancePassed")).toInt();
        const int failed = session.summary.value(QLatin1String("conformanceFailed")).toInt();
        return tr("RFC 6455 conformance of %1: %2 of %3 cases passed")
            .arg(session.config.value(QLatin1String("url")).toString())
            .arg(passed)
            .arg(passed + failed);
    }
    if (samples.isEmpty())
        return tr("Ctrl+R starts the server and the load; Ctrl+O opens a saved session.");
    if (!live)
        return wholeRun(session);
    const MetricSample *server = nullptr;
    const MetricSample *load = nullptr;
    for (auto it = samples.crbegin(); it != samples.crend() && !(server && load); ++it) {
        const MetricSample *&newest = it->source == QLatin1String("server") ? server : load;
        if (!newest)
            newest = &*it;
    }
    QStringList parts;
    if (server) {
        QStringList perWorker;
        for (quint64 n : server->connectionsPerWorker)
            perWorker << count(double(n));
        parts << tr("server %1 connections (%2 per worker)").arg(count(double(server->connections)), perWorker.join(QLatin1Char('/')))
              << tr("server %1 MiB").arg(double(server->process.rssBytes) / kMiB, 0, 'f', 0);
    }
    if (load) {
        const quint64 errors = load->errorCount();
        parts << tr("load %1 open").arg(count(double(load->connections))) << tr("%1 msg/s").arg(count(load->receivedPerSec));
        if (load->latency)
            parts << tr("p99 %1 ms").arg(load->latency->p99Ms, 0, 'f', 1);
        parts << tr("errors %1").arg(count(double(errors)));
    }
    return parts.join(QStringLiteral(" · "));
}
