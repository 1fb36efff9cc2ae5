#pragma once

#include <processstats.h>

#include <QMap>
#include <QObject>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;

// Watches the server under load: scrapes its Prometheus /metrics and reads its process from
// /proc, once per poll(). latest() holds the newest values, named as in the exposition
// (unlabelled series, and counters with labels as name{labels}) plus target_rss_bytes,
// target_cpu_percent, target_threads, target_open_fds.
class TargetWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxSeries = 300; // a Go runtime alone exposes ~70
    static constexpr int kMaxLabelSetsPerCounter = 32; // close codes, refusal reasons; not per-path counters

    TargetWatcher(const QUrl &metricsUrl, qint64 pid, QObject *parent = nullptr);

    void poll();
    QMap<QString, double> latest() const { return m_latest; }
    static QMap<QString, double> parsePrometheus(const QByteArray &body);

Q_SIGNALS:
    void scrapeFailed(const QString &reason); // once per failure streak, not every second

private:
    QUrl m_url;
    std::optional<ProcessStatsReader> m_process;
    QNetworkAccessManager *m_network = nullptr;
    QMap<QString, double> m_latest;
    bool m_inFlight = false;
    bool m_failing = false;
};
