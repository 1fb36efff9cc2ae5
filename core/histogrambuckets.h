#pragma once

#include <QJsonObject>
#include <QString>
#include <QVector>

#include <optional>

// A latency histogram as samples and session files carry it: only the non-empty buckets of
// LatencyHistogram's layout (bucket index and count) and the exact min and max. Adding these
// bucket-wise is exact, which is what lets several agents' results merge without averaging.
// A flat sorted array, not a map: a run keeps one per second (600 buckets each in a soak's
// echo load), and map nodes made that 42 KiB a second of RSS, this 10.
struct HistogramBuckets
{
    struct Bucket
    {
        int index;
        quint64 count;
    };

    QVector<Bucket> buckets; // ascending index, every count above 0
    qint64 minNs = 0;
    qint64 maxNs = 0;

    bool isEmpty() const { return buckets.isEmpty(); }
    quint64 total() const;
    void add(const HistogramBuckets &other);

    QJsonObject toJson() const;
    // nullopt with a readable *error for another bucket layout, an index outside it, or a count,
    // min or max that is not a whole non-negative number.
    static std::optional<HistogramBuckets> fromJson(const QJsonObject &json, QString *error);
};
