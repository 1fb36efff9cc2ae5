#include "histogrambuckets.h"

#include "latencyhistogram.h"

#include <algorithm>
#include <cmath>

namespace {

bool wholeNumber(const QJsonValue &v, double *out)
{
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 0 || d != std::floor(d) || d > 9007199254740992.0) // 2^53: exact in a double
        return false;
    *out = d;
    return true;
}

} // namespace

quint64 HistogramBuckets::total() const
{
    quint64 sum = 0;
    for (const Bucket &b : buckets)
        sum += b.count;
    return sum;
}

void HistogramBuckets::add(const HistogramBuckets &other)
{
    if (other.isEmpty())
        return;
    minNs = isEmpty() ? other.minNs : qMin(minNs, other.minNs);
    maxNs = qMax(maxNs, other.maxNs);
    // Both ascending: one merge pass.
    QVector<Bucket> merged;
    merged.reserve(buckets.size() + other.buckets.size());
    auto a = buckets.cbegin(), b = other.buckets.cbegin();
    while (a != buckets.cend() || b != other.buckets.cend()) {
        if (b == other.buckets.cend() || (a != buckets.cend() && a->index < b->index))
            merged.append(*a++);
        else if (a == buckets.cend() || b->index < a->index)
            merged.append(*b++);
        else
            merged.append({a->index, (a++)->count + (b++)->count});
    }
    merged.squeeze();
    buckets = std::move(merged);
}

QJsonObject HistogramBuckets::toJson() const
{
    QJsonObject counts;
    for (const Bucket &b : buckets)
        counts.insert(QString::number(b.index), double(b.count));
    return QJsonObject{{QStringLiteral("layout"), LatencyHistogram::kLayout},
                       {QStringLiteral("minNs"), double(minNs)},
                       {QStringLiteral("maxNs"), double(maxNs)},
                       {QStringLiteral("buckets"), counts}};
}

std::optional<HistogramBuckets> HistogramBuckets::fromJson(const QJsonObject &o, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = QStringLiteral("latency histogram: ") + why;
        return std::nullopt;
    };
    const QString layout = o.value(QLatin1String("layout")).toString();
    if (layout != LatencyHistogram::kLayout)
        return fail(QStringLiteral("bucket layout \"%1\" is not this build's \"%2\"").arg(layout, LatencyHistogram::kLayout));
    HistogramBuckets h;
    double minNs = 0, maxNs = 0;
    if (!wholeNumber(o.value(QLatin1String("minNs")), &minNs) || !wholeNumber(o.value(QLatin1String("maxNs")), &maxNs)
        || minNs > maxNs)
        return fail(QStringLiteral("minNs and maxNs must be whole numbers with minNs <= maxNs"));
    h.minNs = qint64(minNs);
    h.maxNs = qint64(maxNs);
    const QJsonObject buckets = o.value(QLatin1String("buckets")).toObject();
    for (auto it = buckets.begin(); it != buckets.end(); ++it) {
        bool ok = false;
        const int index = it.key().toInt(&ok);
        double count = 0;
        if (!ok || index < 0 || index >= LatencyHistogram::kBuckets)
            return fail(QStringLiteral("bucket \"%1\" is not an index from 0 to %2").arg(it.key()).arg(LatencyHistogram::kBuckets - 1));
        if (!wholeNumber(it.value(), &count))
            return fail(QStringLiteral("bucket %1 has no whole, non-negative count").arg(index));
        if (count > 0)
            h.buckets.append({index, quint64(count)});
    }
    // JSON keys come in text order ("10" before "9").
    std::sort(h.buckets.begin(), h.buckets.end(), [](const Bucket &x, const Bucket &y) { return x.index < y.index; });
    return h;
}
