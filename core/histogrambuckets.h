#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

// A latency histogram as samples and session files carry it: only the non-empty buckets of
// LatencyHistogram's layout (bucket index -> count) and the exact min and max. Adding these
// bucket-wise is exact, which is what lets several agents' results merge without averaging.
struct HistogramBuckets
{
    QMap<int, quint64> counts;
    qint64 minNs = 0;
    qint64 maxNs = 0;

    bool isEmpty() const { return counts.isEmpty(); }
    quint64 total() const;
    void add(const HistogramBuckets &other);

    QJsonObject toJson() const;
    // nullopt with a readable *error for another bucket layout, an index outside it, or a count,
    // min or max that is not a whole non-negative number.
    static std::optional<HistogramBuckets> fromJson(const QJsonObject &json, QString *error);
};
