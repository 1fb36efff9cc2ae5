#include "targetwatcher.h"

#include <QHash>
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
    QHash<QByteArray, int> labelSets;
    for (const QByteArray &raw : body.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#') || values.size() >= kMaxSeries)
            continue;
        // name[{labels}] value [timestamp]; label values may hold spaces, so split after the '}'.
        const qsizetype close = line.lastIndexOf('}');
        const qsizetype keyEnd = close >= 0 ? close + 1 : line.indexOf(' ');
        if (keyEnd <= 0)
            continue;
        const QByteArray key = line.left(keyEnd);
        const QByteArray name = key.left(key.indexOf('{') >= 0 ? key.indexOf('{') : key.size());
        if (close >= 0 && (!name.endsWith("_total") || ++labelSets[name] > kMaxLabelSetsPerCounter))
            continue;
        bool ok = false;
        const double value = line.mid(keyEnd).simplified().split(' ').value(0).toDouble(&ok);
        if (ok)
            values.insert(QString::fromLatin1(key), value);
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
