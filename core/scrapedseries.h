#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

// The server's side of an attached run, from what the load scraped of the target's /metrics:
// which series to chart and where. Without a choice by the user: SocketScope's own names when the
// target is socketscope-server, else whatever looks like messages in and out, open connections
// and close codes. Counters (…_total) are drawn as rates, gauges as they are.
struct ScrapedSeries
{
    enum class Chart { Rate, Connections, Errors };
    struct Pick
    {
        QString key; // as scraped: "app_messages_total" or "app_closes_total{code=\"1006\"}"
        QString label; // the legend: "target received/s"
        Chart chart = Chart::Rate;
        bool counter = false; // drawn as its growth per second
    };

    QVector<Pick> picks;

    // available: a sample's target keys; wanted: metric names the user listed (empty = by name).
    static ScrapedSeries choose(const QStringList &available, const QStringList &wanted);
    static bool isCounter(const QString &key);
    // The close code in a series' labels ({code="1006"}), or 0.
    static int closeCode(const QString &key);
};
