#include "serverengine.h"

#include "acceptor.h"
#include "broadcasthub.h"
#include "fanout/redisbus.h"
#include "logging.h"
#include "requestrouter.h"
#include "serverreport.h"
#include "serverworker.h"

#include <reactorthread.h>
#include <scrapeendpoint.h>

#include <QDateTime>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

namespace {

std::optional<QSslConfiguration> loadTls(const ServerConfig &config, QString *error)
{
    QFile certFile(config.tlsCertPath);
    QFile keyFile(config.tlsKeyPath);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the TLS certificate or key");
        return std::nullopt;
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    const QByteArray keyPem = keyFile.readAll();
    const QSslKey rsaKey(keyPem, QSsl::Rsa, QSsl::Pem);
    const QSslKey key = rsaKey.isNull() ? QSslKey(keyPem, QSsl::Ec, QSsl::Pem) : rsaKey;
    if (chain.isEmpty()) {
        *error = QStringLiteral("%1 holds no PEM certificate").arg(config.tlsCertPath);
        return std::nullopt;
    }
    if (key.isNull()) {
        *error = QStringLiteral("%1 holds no PEM RSA or EC private key").arg(config.tlsKeyPath);
        return std::nullopt;
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

} // namespace

ServerEngine::ServerEngine(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<MetricSample>();
    qRegisterMetaType<SessionEvent>();
    m_sampleTimer.setInterval(1000);
    connect(&m_sampleTimer, &QTimer::timeout, this, [this] { Q_EMIT sampleReady(takeSample()); });
}

ServerEngine::~ServerEngine()
{
    tearDown();
}

bool ServerEngine::start(const ServerConfig &config)
{
    if (isRunning()) {
        m_error = QStringLiteral("already running");
        return false;
    }
    m_error.clear();
    const QStringList problems = config.validate();
    if (!problems.isEmpty()) {
        m_error = problems.join(QLatin1String("; "));
        return false;
    }
    QSslConfiguration tls;
    if (config.tlsEnabled()) {
        const auto loaded = loadTls(config, &m_error);
        if (!loaded)
            return false;
        tls = *loaded;
    }
    m_config = config;
    m_stopping = false;
    const int workerCount = config.effectiveWorkers();
    m_counters = std::make_unique<ServerCounters>(workerCount);
    m_hub = std::make_unique<BroadcastHub>();
    for (int i = 0; i < workerCount; ++i) {
        auto *worker = new ServerWorker(i, config, tls, m_counters.get(), m_hub.get());
        connect(worker, &ServerWorker::drained, this, &ServerEngine::onWorkerDrained, Qt::QueuedConnection);
        m_workers.append(worker);
    }
    m_hub->setWorkers(m_workers);

    for (int i = 0; i < workerCount && m_error.isEmpty(); ++i) {
        m_threads.push_back(std::make_unique<ReactorThread>(QStringLiteral("ws-worker-%1").arg(i)));
        m_error = m_threads.back()->errorString();
    }
    if (m_error.isEmpty() && !config.broadcastBus.isEmpty()) {
        m_bus = new RedisBus(config.broadcastBus, config.busMaxQueued);
        m_hub->setBus(m_bus);
    }
    if (!m_error.isEmpty() || !listen()) {
        qDeleteAll(m_workers); // never started: still ours to delete
        delete m_bus;
        m_bus = nullptr;
        tearDown();
        return false;
    }
    if (m_bus) {
        // New connections wait in the backlog until the bus is subscribed (at most kBusWaitMs), so a
        // restarted member's subscribers miss nothing the group broadcasts meanwhile.
        m_acceptor->setPaused(true);
        QTimer::singleShot(kBusWaitMs, m_acceptor, [acceptor = m_acceptor] { acceptor->setPaused(false); });
        startBus();
    }
    for (int i = 0; i < workerCount; ++i)
        m_threads[size_t(i)]->start(m_workers[i]);
    m_sinceStart.start();
    m_lastTotals = ServerTotals();
    m_lastSampleSec = 0;
    m_processStats.read(); // primes the CPU % baseline
    m_sampleTimer.start();
    qCInfo(lcServer) << "listening on" << config.address << serverPort() << "with" << workerCount << "workers";
    Q_EMIT started();
    return true;
}

bool ServerEngine::listen()
{
    const ServerConfig &c = m_config;
    m_acceptor = new Acceptor(m_workers, m_counters.get(), this);
    if (!m_acceptor->listen(c.address, c.port, c.backlog, c.reusePort)) {
        m_error = QStringLiteral("cannot listen on %1").arg(m_acceptor->errorString());
        return false;
    }
    if (c.reusePort) {
        m_acceptor->leaveGroupWhenFull(quint64(c.maxConnections));
        connect(m_acceptor, &Acceptor::groupMembershipChanged, this, [this](bool member, quint64 load, const QString &error) {
            const QString count = QStringLiteral("%1 of %2 connections").arg(load).arg(m_config.maxConnections);
            const QString message = !error.isEmpty() ? QStringLiteral("cannot rejoin the port's group (retrying): %1").arg(error)
                                  : member           ? QStringLiteral("rejoined the port's group at %1").arg(count)
                                                     : QStringLiteral("full, left the port's group at %1").arg(count);
            emitEvent(member ? QStringLiteral("port_group_rejoined") : QStringLiteral("port_group_left"), message);
        });
    }
    if (c.metricsPort < 0)
        return true;
    m_metrics = new ScrapeEndpoint([this](const QByteArray &path) -> std::optional<ScrapeEndpoint::Reply> {
        if (path == "/metrics")
            return ScrapeEndpoint::Reply{ServerReport::metrics(m_counters.get(), m_bus), ScrapeEndpoint::kPrometheusType};
        if (path == "/healthz")
            return ScrapeEndpoint::Reply{ServerReport::health(m_stopping, m_bus)};
        return std::nullopt;
    }, this);
    if (!c.metricsToken.isEmpty()) {
        m_metrics->setAuthorizer([token = c.metricsToken](const QByteArray &head) {
            return RequestRouter::presents(HttpRequestHead::parse(head), token);
        });
    }
    if (!m_metrics->listen(c.address, quint16(c.metricsPort))) {
        m_error = QStringLiteral("cannot listen for metrics on %1:%2: %3")
                      .arg(c.address.toString())
                      .arg(c.metricsPort)
                      .arg(m_metrics->errorString());
        return false;
    }
    return true;
}

void ServerEngine::startBus()
{
    const BroadcastHub *hub = m_hub.get();
    connect(m_bus, &RedisBus::frameReceived, m_bus, [hub](const QByteArray &frame) { hub->deliverFromGroup(frame); },
            Qt::DirectConnection); // in the bus thread; the hub only posts to the workers
    connect(m_bus, &RedisBus::healthChanged, this, [this](bool healthy, const QString &reason) {
        if (healthy && m_acceptor && m_workersDraining == 0)
            m_acceptor->setPaused(false);
        emitEvent(healthy ? QStringLiteral("bus_healthy") : QStringLiteral("bus_degraded"), reason);
    }, Qt::QueuedConnection);
    m_busThread = std::make_unique<ReactorThread>(QStringLiteral("broadcast-bus"));
    m_busThread->start(m_bus);
    QMetaObject::invokeMethod(m_bus, &RedisBus::start, Qt::QueuedConnection);
}

void ServerEngine::emitEvent(const QString &kind, const QString &detail)
{
    const double t = m_sinceStart.isValid() ? m_sinceStart.nsecsElapsed() / 1e9 : 0;
    Q_EMIT eventOccurred({t, QStringLiteral("server"), kind, detail});
}

QThread *ServerEngine::workerThread(int index) const
{
    return index >= 0 && size_t(index) < m_threads.size() ? m_threads[size_t(index)]->thread() : nullptr;
}

quint16 ServerEngine::serverPort() const
{
    return m_acceptor ? m_acceptor->port() : 0;
}

quint16 ServerEngine::metricsPort() const
{
    return m_metrics ? m_metrics->serverPort() : 0;
}

void ServerEngine::stop(int closeCode)
{
    if (!isRunning() || m_workersDraining > 0)
        return;
    m_acceptor->stopAccepting();
    m_stopping = true;
    m_workersDraining = int(m_workers.size());
    for (ServerWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, [worker, closeCode] { worker->shutdown(closeCode); }, Qt::QueuedConnection);
}

void ServerEngine::onWorkerDrained()
{
    if (--m_workersDraining > 0)
        return;
    m_drainingSince.start();
    finishStop();
}

void ServerEngine::finishStop()
{
    // Broadcasts handed to the bus just before the stop still reach the group: the last ones of a
    // publisher whose server restarts would otherwise be lost to every other process.
    if (m_bus && m_bus->totals().queued > 0 && m_drainingSince.elapsed() < kBusDrainMs) {
        QTimer::singleShot(10, this, &ServerEngine::finishStop);
        return;
    }
    Q_EMIT sampleReady(takeSample()); // the final figures, including the 1001 closes
    tearDown();
    Q_EMIT stopped();
}

void ServerEngine::tearDown()
{
    m_sampleTimer.stop();
    if (m_busThread) {
        // No delivery into a worker being deleted: once this returns, no emission is under way.
        QMetaObject::invokeMethod(m_bus, [bus = m_bus] { QObject::disconnect(bus, &RedisBus::frameReceived, nullptr, nullptr); },
                                  Qt::BlockingQueuedConnection);
    }
    m_threads.clear(); // each stops its thread; the worker is deleted there
    m_workers.clear();
    m_workersDraining = 0;
    m_busThread.reset(); // deletes the bus in its thread, after the workers that publish to it
    m_bus = nullptr;
    delete m_metrics;
    m_metrics = nullptr;
    delete m_acceptor;
    m_acceptor = nullptr;
}

MetricSample ServerEngine::takeSample()
{
    MetricSample s;
    if (!m_counters)
        return s;
    const ServerTotals t = m_counters->totals();
    const double now = m_sinceStart.isValid() ? m_sinceStart.nsecsElapsed() / 1e9 : 0;
    const double interval = now - m_lastSampleSec;
    s.source = QStringLiteral("server");
    s.timestampMs = QDateTime::currentMSecsSinceEpoch();
    s.elapsedSec = now;
    s.connections = t.connections;
    s.connecting = t.connecting;
    // A 404 for a plain HTTP path is not a failed connection attempt.
    s.connectionsFailed = t.refusedTotal() - t.refused[int(Refusal::NotFound)] + t.handshakeTimeouts;
    s.connectionsPerWorker = t.connectionsPerWorker;
    s.messagesSent = t.messagesSent;
    s.messagesReceived = t.messagesReceived;
    s.bytesSent = t.bytesSent;
    s.bytesReceived = t.bytesReceived;
    s.sentPerSec = MetricSample::perSecond(t.messagesSent, m_lastTotals.messagesSent, interval);
    s.receivedPerSec = MetricSample::perSecond(t.messagesReceived, m_lastTotals.messagesReceived, interval);
    s.errors = t.errorsByKind();
    if (m_bus) {
        const BusTotals bus = m_bus->totals();
        s.errors.insert(QStringLiteral("bus_errors"), bus.errors);
        s.errors.insert(QStringLiteral("bus_unrelayed"), bus.unrelayed);
    }
    s.closeCodes = t.closeCodes;
    s.process = m_processStats.read();
    m_lastTotals = t;
    m_lastSampleSec = now;
    return s;
}
