#include "targetwatcher.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

TargetWatcher::TargetWatcher(const QUrl &metricsUrl, qint64 pid, QObject *parent)
    : QObject(parent)
    , m_url(metricsUrl)
{
    if (pid > 0)
        m_process.emplace(pid);
    if (!m_url.isEmpty())
        m_network = new QNetworkAccessManager(this);
}

QMap<QString, double> TargetWatcher::parsePrometheus(const QByteArray &body)
{
    QMap<QString, double> values;
    for (const QByteArray &line : body.split('\n')) {
        if (line.isEmpty() || line.startsWith('#') || line.contains('{'))
            continue;
        const QList<QByteArray> parts = line.simplified().split(' ');
        bool ok = false;
        const double value = parts.size() >= 2 ? parts[1].toDouble(&ok) : 0;
        if (ok && values.size() < 200)
            values.insert(QString::fromLatin1(parts[0]), value);
    }
    return values;
}

void TargetWatcher::poll()
{
    if (m_process) {
        const ProcessSnapshot p = m_process->read();
        if (p.valid) {
            m_latest.insert(QStringLiteral("target_rss_bytes"), double(p.rssBytes));
            m_latest.insert(QStringLiteral("target_cpu_percent"), p.cpuPercent);
            m_latest.insert(QStringLiteral("target_threads"), p.threads);
            m_latest.insert(QStringLiteral("target_open_fds"), p.openFds);
        }
    }
    if (!m_network || m_inFlight)
        return; // a scrape slower than a second is skipped, not queued
    m_inFlight = true;
    QNetworkRequest request(m_url);
    request.setTransferTimeout(2000);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_inFlight = false;
        if (reply->error() != QNetworkReply::NoError) {
            if (!m_failing)
                Q_EMIT scrapeFailed(QStringLiteral("scraping %1 failed: %2").arg(m_url.toString(), reply->errorString()));
            m_failing = true;
            return;
        }
        m_failing = false;
        const QMap<QString, double> scraped = parsePrometheus(reply->readAll());
        for (auto it = scraped.cbegin(); it != scraped.cend(); ++it)
            m_latest.insert(it.key(), it.value());
    });
}
