#pragma once

#include "histogrambuckets.h"
#include "metricsample.h"

#include <QtGlobal>

#include <array>
#include <limits>

// HDR-style log-linear histogram of latencies in nanoseconds: exact below 256 ns, then 128
// sub-buckets per power of two (under 0.8% error) up to 2^37 ns (~137 s). Constant memory,
// recording is an index computation and an increment, and histograms merge by adding counts.
class LatencyHistogram
{
public:
    static constexpr int kSubBuckets = 128;
    static constexpr int kPowers = 30; // 2^8 .. 2^37 ns
    static constexpr int kBuckets = 2 * kSubBuckets + (kPowers - 1) * kSubBuckets;
    static constexpr qint64 kMaxTrackableNs = (qint64(1) << 37) - 1;
    // Names this bucket layout in files, so histograms of another layout are never added to these.
    static constexpr QLatin1String kLayout{"log-linear-ns-128x30"};

    void record(qint64 ns);
    void merge(const LatencyHistogram &other);
    void merge(const HistogramBuckets &buckets);
    void reset();

    quint64 count() const { return m_count; }
    qint64 maxNs() const { return m_maxNs; }
    qint64 minNs() const { return m_count ? m_minNs : 0; }
    // The value below which p percent of recordings fall (p in 0..100), within the bucket error.
    qint64 percentileNs(double p) const;
    LatencySummary summary() const;
    // Recordings up to ns (the bucket holding ns counts whole: within the bucket error), for
    // cumulative Prometheus `le` buckets.
    quint64 countAtOrBelow(qint64 ns) const;
    // Sum of all recordings, each taken at its bucket's midpoint.
    double approximateSumNs() const;
    // The non-empty buckets, for samples and session files.
    HistogramBuckets buckets() const;

    static int bucketIndex(qint64 ns);
    static qint64 bucketMidpoint(int index);

private:
    std::array<quint64, kBuckets> m_counts{};
    quint64 m_count = 0;
    qint64 m_maxNs = 0;
    qint64 m_minNs = std::numeric_limits<qint64>::max();
};
