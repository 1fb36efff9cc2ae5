#include "statusheadline.h"

#include <runhealth.h>
#include <sessionheadline.h>
#include <verdict.h>

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
    const RunHealth health = RunHealth::of(session);
    const SessionHeadline h = SessionHeadline::of(session, health);
    QStringList parts;
    const Verdict verdict = Verdict::of(session, health);
    if (verdict.outcome != Verdict::Outcome::None)
        parts << verdict.word();
    parts << tr("Run of %1 s").arg(h.durationSec, 0, 'f', 0) << tr("peak %1 connections").arg(count(double(h.peakConnections)));
    if (health.deadSec() >= 1.0)
        parts << tr("%1 msg/s over the %2 s served (%3 s without service left out)")
                     .arg(count(h.messagesPerSec))
                     .arg(h.liveSec, 0, 'f', 0)
                     .arg(health.deadSec(), 0, 'f', 0);
    else
        parts << tr("%1 msg/s").arg(count(h.messagesPerSec));
    parts << tr("p99 %1 ms").arg(h.p99Ms, 0, 'f', 1);
    QString memory = tr("server peak %1 MiB").arg(h.serverRssPeakMiB, 0, 'f', 0);
    if (h.bytesPerConnection)
        memory += tr(" (%1 KiB/connection)").arg(*h.bytesPerConnection / 1024.0, 0, 'f', 1);
    parts << memory << tr("errors %1 (%2 %)").arg(count(double(h.errors))).arg(h.errorPercent, 0, 'f', 2);
    if (h.abnormalCloses > 0)
        parts << tr("%1 abnormal closes").arg(count(double(h.abnormalCloses)));
    return parts.join(QStringLiteral(" · "));
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
        return live ? tr("Starting…") : tr("Ctrl+R starts the server and the load; Ctrl+O opens a saved session.");
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
    double diedAt = -1;
    for (const SessionEvent &e : session.events) {
        if (e.kind == QLatin1String("server_died"))
            diedAt = e.elapsedSec;
    }
    if (diedAt >= 0) {
        parts << tr("server died at %1 s").arg(diedAt, 0, 'f', 1);
    } else if (server) {
        QStringList perWorker;
        for (quint64 n : server->connectionsPerWorker)
            perWorker << count(double(n));
        parts << tr("server %1 connections (%2 per worker)").arg(count(double(server->connections)), perWorker.join(QLatin1Char('/')))
              << tr("server %1 MiB").arg(double(server->process.rssBytes) / kMiB, 0, 'f', 0);
    }
    if (load) {
        if (load->target.contains(QStringLiteral("target_rss_bytes")))
            parts << tr("target %1 MiB, %2 % CPU")
                         .arg(load->target.value(QStringLiteral("target_rss_bytes")) / kMiB, 0, 'f', 0)
                         .arg(load->target.value(QStringLiteral("target_cpu_percent")), 0, 'f', 0);
        parts << tr("load %1 open").arg(count(double(load->connections))) << tr("%1 msg/s").arg(count(load->receivedPerSec));
        if (load->latency)
            parts << tr("p99 %1 ms").arg(load->latency->p99Ms, 0, 'f', 1);
        parts << tr("errors %1").arg(count(double(load->errorCount())));
    }
    return parts.join(QStringLiteral(" · "));
}
