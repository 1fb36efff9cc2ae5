#include "latencyhistogram.h"

#include <cmath>

int LatencyHistogram::bucketIndex(qint64 ns)
{
    if (ns < 0)
        ns = 0;
    if (ns > kMaxTrackableNs)
        ns = kMaxTrackableNs;
    if (ns < 2 * kSubBuckets)
        return int(ns);
    const int magnitude = 63 - __builtin_clzll(quint64(ns)); // floor(log2(ns)), >= 8
    const int shift = magnitude - 7; // ns >> shift lands in [128, 255]
    return 2 * kSubBuckets + (shift - 1) * kSubBuckets + int((ns >> shift) - kSubBuckets);
}

qint64 LatencyHistogram::bucketMidpoint(int index)
{
    if (index < 2 * kSubBuckets)
        return index;
    const int k = index - 2 * kSubBuckets;
    const int shift = k / kSubBuckets + 1;
    const qint64 mantissa = k % kSubBuckets + kSubBuckets;
    const qint64 low = mantissa << shift;
    const qint64 high = ((mantissa + 1) << shift) - 1;
    return low + (high - low) / 2;
}

void LatencyHistogram::record(qint64 ns)
{
    ++m_counts[size_t(bucketIndex(ns))];
    ++m_count;
    m_maxNs = qMax(m_maxNs, ns);
    m_minNs = qMin(m_minNs, ns);
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (size_t i = 0; i < m_counts.size(); ++i)
        m_counts[i] += other.m_counts[i];
    m_count += other.m_count;
    m_maxNs = qMax(m_maxNs, other.m_maxNs);
    m_minNs = qMin(m_minNs, other.m_minNs);
}

void LatencyHistogram::merge(const HistogramBuckets &buckets)
{
    if (buckets.isEmpty())
        return;
    for (const HistogramBuckets::Bucket &b : buckets.buckets) {
        Q_ASSERT(b.index >= 0 && b.index < kBuckets); // HistogramBuckets::fromJson refuses others
        m_counts[size_t(b.index)] += b.count;
        m_count += b.count;
    }
    m_maxNs = qMax(m_maxNs, buckets.maxNs);
    m_minNs = qMin(m_minNs, buckets.minNs);
}

HistogramBuckets LatencyHistogram::buckets() const
{
    HistogramBuckets b;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i])
            b.buckets.append({int(i), m_counts[i]});
    }
    b.buckets.squeeze(); // kept a second of the run each: no slack
    b.minNs = minNs();
    b.maxNs = m_maxNs;
    return b;
}

void LatencyHistogram::reset()
{
    *this = LatencyHistogram();
}

qint64 LatencyHistogram::percentileNs(double p) const
{
    if (m_count == 0)
        return 0;
    const quint64 rank = qMax<quint64>(1, quint64(std::ceil(qBound(0.0, p, 100.0) / 100.0 * double(m_count))));
    quint64 seen = 0;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        seen += m_counts[i];
        if (seen >= rank)
            return qBound(minNs(), bucketMidpoint(int(i)), m_maxNs); // never outside what was seen
    }
    return m_maxNs;
}

quint64 LatencyHistogram::countAtOrBelow(qint64 ns) const
{
    if (ns < 0)
        return 0;
    const int last = bucketIndex(ns);
    quint64 n = 0;
    for (int i = 0; i <= last; ++i)
        n += m_counts[size_t(i)];
    return n;
}

double LatencyHistogram::approximateSumNs() const
{
    double sum = 0;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i])
            sum += double(m_counts[i]) * double(bucketMidpoint(int(i)));
    }
    return sum;
}

LatencySummary LatencyHistogram::summary() const
{
    auto ms = [](qint64 ns) { return double(ns) / 1e6; };
    LatencySummary s;
    s.p50Ms = ms(percentileNs(50));
    s.p90Ms = ms(percentileNs(90));
    s.p99Ms = ms(percentileNs(99));
    s.p999Ms = ms(percentileNs(99.9));
    s.maxMs = ms(m_maxNs);
    s.count = m_count;
    return s;
}
