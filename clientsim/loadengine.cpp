#include "loadengine.h"

#include "loadworker.h"
#include "targetwatcher.h"

#include <reactorthread.h>

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>
#include <QThread>

#include <chrono>

namespace {

QJsonObject configToJson(const LoadConfig &c)
{
    QJsonArray headers;
    for (const auto &h : c.headers)
        headers.append(QString::fromUtf8(h.first)); // names only: values may be secrets
    QJsonObject o{
        {QStringLiteral("url"), c.url.toString()},
        {QStringLiteral("scenario"), LoadConfig::scenarioName(c.scenario)},
        {QStringLiteral("connections"), c.localConnections()}, // this agent's: merged files add them up
        {QStringLiteral("rampPerSec"), c.rampPerSec},
        {QStringLiteral("threads"), c.effectiveThreads()},
        {QStringLiteral("window"), c.window},
        {QStringLiteral("ratePerSec"), c.ratePerSec},
        {QStringLiteral("publishers"), c.publishers},
        {QStringLiteral("churnPerSec"), c.churnPerSec},
        {QStringLiteral("pingIntervalSec"), c.pingIntervalSec},
        {QStringLiteral("pingTimeoutSec"), c.effectivePingTimeoutSec()},
        {QStringLiteral("reconnect"), c.reconnect},
        {QStringLiteral("reconnectRetries"), c.reconnectRetries},
        {QStringLiteral("reconnectBackoffMinSec"), c.reconnectBackoffMinSec},
        {QStringLiteral("reconnectBackoffMaxSec"), c.reconnectBackoffMaxSec},
        {QStringLiteral("sizeBytes"), c.sizeBytes},
        {QStringLiteral("binary"), c.binary},
        {QStringLiteral("durationSec"), c.durationSec},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("scrapeUrl"), c.scrapeUrl.toString()},
        {QStringLiteral("pid"), double(c.watchPid)},
        {QStringLiteral("startedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
    };
    if (c.scenarioProgram) {
        // What ran, exactly: the file's text. Of the CSV only its name, as its rows may hold tokens.
        const ScenarioFile &file = c.scenarioProgram->file();
        o.insert(QStringLiteral("scenario"), QStringLiteral("file"));
        o.insert(QStringLiteral("scenarioFile"), QFileInfo(c.scenarioFile).fileName());
        o.insert(QStringLiteral("scenarioText"), QString::fromUtf8(file.text()));
        if (!file.spec().csvPath.isEmpty())
            o.insert(QStringLiteral("scenarioCsv"), QFileInfo(file.spec().csvPath).fileName());
    }
    if (!c.shard.isWhole()) { // what --merge checks: one run's agents, each shard once
        o.insert(QStringLiteral("shardIndex"), c.shard.index);
        o.insert(QStringLiteral("shardCount"), c.shard.count);
        o.insert(QStringLiteral("totalConnections"), c.connections);
    }
    return o;
}

} // namespace

LoadEngine::LoadEngine(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<MetricSample>();
    qRegisterMetaType<WorkerSnapshot>();
    m_sampleTimer.setInterval(1000);
    connect(&m_sampleTimer, &QTimer::timeout, this, &LoadEngine::requestSnapshots);
    m_durationTimer.setSingleShot(true);
    connect(&m_durationTimer, &QTimer::timeout, this, &LoadEngine::stop);
}

LoadEngine::~LoadEngine()
{
    m_threads.clear();
}

bool LoadEngine::start(const LoadConfig &config)
{
    if (isRunning()) {
        m_error = QStringLiteral("already running");
        return false;
    }
    const QStringList problems = config.validate();
    if (!problems.isEmpty()) {
        m_error = problems.join(QLatin1String("; "));
        return false;
    }
    m_config = config;
    m_session = Session();
    m_session.config = configToJson(config);
    m_summary = RunSummary();
    m_runLatency.reset();
    m_runReconnectTime.reset();
    m_runScenario = ScenarioMetrics();
    m_lastErrors.clear();
    m_storm.reset();
    m_lastTotals = WorkerSnapshot();
    m_lastSampleSec = 0;
    m_stopping = false;
    m_stopRequested = false;
    delete m_target;
    m_target = nullptr;
    if (!config.scrapeUrl.isEmpty() || config.watchPid > 0) {
        m_target = new TargetWatcher(config.scrapeUrl, config.watchPid, this);
        connect(m_target, &TargetWatcher::scrapeFailed, this,
                [this](const QString &reason) { emitEvent(QStringLiteral("scrape_failed"), reason); });
    }
    const int threads = config.effectiveThreads();
    for (int i = 0; i < threads; ++i) {
        auto *worker = new LoadWorker(i, threads, config);
        connect(worker, &LoadWorker::closed, this, [this](const WorkerSnapshot &s) { collect(s, true); },
                Qt::QueuedConnection);
        m_workers.append(worker);
        m_threads.push_back(std::make_unique<ReactorThread>(QStringLiteral("load-%1").arg(i)));
        m_threads.back()->start(worker);
        QMetaObject::invokeMethod(worker, &LoadWorker::start, Qt::QueuedConnection);
    }
    m_sinceStart.start();
    m_startNs = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    m_processStats.read();
    if (m_target)
        m_target->poll();
    m_sampleTimer.start();
    m_durationTimer.start(int(config.durationSec * 1000));
    return true;
}

void LoadEngine::requestSnapshots()
{
    if (m_awaiting > 0)
        return; // the previous round is still out; skip rather than pile up
    if (m_target)
        m_target->poll();
    m_pending.clear();
    m_awaiting = int(m_workers.size());
    for (LoadWorker *worker : std::as_const(m_workers)) {
        QMetaObject::invokeMethod(worker, [this, worker] {
            const WorkerSnapshot s = worker->takeSnapshot();
            QMetaObject::invokeMethod(this, [this, s] { collect(s, false); }, Qt::QueuedConnection);
        }, Qt::QueuedConnection);
    }
}

void LoadEngine::stop()
{
    if (!isRunning() || m_stopRequested)
        return;
    // One last periodic round while every connection is still open, so even a run shorter than
    // a second reports its peak; then the workers close and report their final counts.
    m_stopRequested = true;
    m_sampleTimer.stop();
    m_durationTimer.stop();
    if (m_awaiting == 0)
        requestSnapshots();
}

void LoadEngine::closeWorkers()
{
    m_stopping = true;
    m_awaiting = int(m_workers.size());
    for (LoadWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, &LoadWorker::stop, Qt::QueuedConnection);
}

void LoadEngine::collect(const WorkerSnapshot &snapshot, bool final)
{
    m_pending.append(snapshot);
    if (--m_awaiting > 0)
        return;
    publishSample();
    if (final)
        finish();
    else if (m_stopRequested)
        closeWorkers();
    else if (m_config.scenarioProgram && m_lastTotals.finished == quint64(m_config.connections))
        stop(); // every connection has closed (by its steps, or failed) and none will open again
}

void LoadEngine::publishSample()
{
    WorkerSnapshot totals;
    QVector<quint64> perWorker(m_workers.size());
    qint64 allOpenAtNs = 0; // when the last thread had all its connections open
    bool allOpen = true;
    for (const WorkerSnapshot &s : std::as_const(m_pending)) {
        totals.add(s);
        perWorker[s.worker] = s.open;
        allOpen = allOpen && s.allOpenAtNs != 0;
        allOpenAtNs = qMax(allOpenAtNs, s.allOpenAtNs);
    }
    m_pending.clear();
    m_runLatency.merge(totals.latency);
    m_runReconnectTime.merge(totals.reconnectTime);
    m_runScenario.merge(totals.scenario);

    const double now = m_sinceStart.nsecsElapsed() / 1e9;
    const double interval = now - m_lastSampleSec;
    MetricSample sample;
    sample.source = QStringLiteral("load");
    sample.timestampMs = QDateTime::currentMSecsSinceEpoch();
    sample.elapsedSec = now;
    sample.connections = totals.open;
    sample.connecting = totals.connecting;
    sample.connectionsFailed = totals.failed;
    sample.connectionsPerWorker = perWorker;
    sample.messagesSent = totals.messagesSent;
    sample.messagesReceived = totals.messagesReceived;
    sample.bytesSent = totals.bytesSent;
    sample.bytesReceived = totals.bytesReceived;
    sample.sentPerSec = MetricSample::perSecond(totals.messagesSent, m_lastTotals.messagesSent, interval);
    sample.receivedPerSec = MetricSample::perSecond(totals.messagesReceived, m_lastTotals.messagesReceived, interval);
    sample.messagesUnmatched = totals.unmatched;
    sample.reconnecting = totals.reconnecting;
    sample.reconnects = totals.reconnects;
    sample.reconnectGiveUps = totals.reconnectGiveUps;
    if (totals.reconnectTime.count() > 0)
        sample.reconnectTime = totals.reconnectTime.summary();
    sample.errors = totals.errors;
    if (m_config.scenarioProgram)
        totals.scenario.writeSample(&sample, m_runScenario, interval); // adds NAME.timeouts to the errors
    // An event per error kind that grew this second (a scenario's timeouts per metric too).
    for (auto it = sample.errors.cbegin(); it != sample.errors.cend(); ++it) {
        const quint64 before = m_lastErrors.value(it.key());
        if (it.value() > before)
            emitEvent(it.key(), QStringLiteral("%1: +%2 (%3 in all)").arg(it.key()).arg(it.value() - before).arg(it.value()));
    }
    m_lastErrors = sample.errors;
    sample.errors.insert(QStringLiteral("lost"), totals.lost);
    sample.errors.insert(QStringLiteral("duplicate_or_reordered"), totals.duplicates);
    sample.closeCodes = totals.closeCodes;
    if (totals.latency.count() > 0) {
        sample.latency = totals.latency.summary();
        sample.latencyHistogram = totals.latency.buckets();
    }
    sample.process = m_processStats.read();
    if (m_target)
        sample.target = m_target->latest();

    noteReconnectStorm(totals);
    m_summary.peakConnections = qMax(m_summary.peakConnections, totals.peakOpen);
    m_summary.clientCpuPercentPeak = qMax(m_summary.clientCpuPercentPeak, sample.process.cpuPercent);
    m_summary.connectionsFailed = totals.failed;
    m_summary.messagesSent = totals.messagesSent;
    m_summary.messagesReceived = totals.messagesReceived;
    m_summary.messagesUnmatched = totals.unmatched;
    if (m_summary.allConnectedSec < 0 && allOpen)
        m_summary.allConnectedSec = double(allOpenAtNs - m_startNs) / 1e9;
    m_summary.reconnects = totals.reconnects;
    m_summary.reconnectGiveUps = totals.reconnectGiveUps;
    m_summary.errors = sample.errorCount();
    m_lastTotals = totals;
    m_lastSampleSec = now;
    m_session.samples.append(sample);
    Q_EMIT sampleReady(sample);
}

void LoadEngine::noteReconnectStorm(const WorkerSnapshot &totals)
{
    // From the first second with connections reconnecting to the first with none: one line
    // that sums up what a server restart or a network drop did ("20 connections back ...").
    const bool moving = totals.reconnecting > 0 || totals.reconnects > m_lastTotals.reconnects
        || totals.reconnectGiveUps > m_lastTotals.reconnectGiveUps; // a storm may come and go within a second
    if (moving && !m_storm)
        m_storm = Storm{m_lastTotals.reconnects, m_lastTotals.reconnectGiveUps, {}};
    if (!m_storm)
        return;
    m_storm->time.merge(totals.reconnectTime);
    if (totals.reconnecting > 0)
        return;
    const QLocale english(QLocale::English);
    const LatencySummary t = m_storm->time.summary();
    emitEvent(QStringLiteral("reconnected"), QStringLiteral("%1 connections back within %2 s (p50 %3 s), %4 gave up")
                                                 .arg(english.toString(totals.reconnects - m_storm->reconnectsBefore))
                                                 .arg(t.maxMs / 1000, 0, 'f', 1)
                                                 .arg(t.p50Ms / 1000, 0, 'f', 1)
                                                 .arg(english.toString(totals.reconnectGiveUps - m_storm->giveUpsBefore)));
    m_storm.reset();
}

void LoadEngine::emitEvent(const QString &kind, const QString &message)
{
    const SessionEvent event{m_sinceStart.nsecsElapsed() / 1e9, QStringLiteral("load"), kind, message};
    m_session.events.append(event);
    Q_EMIT eventOccurred(event);
}

void LoadEngine::finish()
{
    m_threads.clear(); // stops each thread; workers are deleted there
    m_workers.clear();
    m_summary.durationSec = m_sinceStart.nsecsElapsed() / 1e9;
    m_summary.ratePerSec = m_summary.durationSec > 0 ? double(m_summary.messagesReceived) / m_summary.durationSec : 0;
    m_summary.setLatency(m_runLatency);
    m_summary.setReconnectTime(m_runReconnectTime);
    if (m_config.scenarioProgram)
        m_runScenario.writeSummary(&m_summary);
    // Each thread can use one core at most: near that, the client is what limited the run.
    const int usableCores = qMin(m_config.effectiveThreads(), qMax(1, QThread::idealThreadCount()));
    m_summary.clientSaturated = m_summary.clientCpuPercentPeak >= 90.0 * usableCores;
    m_session.summary = m_summary.toJson();
    Q_EMIT finished(m_summary);
}

Session LoadEngine::session() const
{
    return m_session;
}
