#include "threshold.h"

#include <QRegularExpression>

namespace {

const char *const kUsage = "metrics are p50 p90 p99 p99.9 max (us/ms/s), errors (count or %), connections, rate (msg/s), "
                           "and for a scenario's names NAME.p50 .p90 .p99 .p99.9 .max, NAME.timeouts (count or %), "
                           "NAME.count, NAME.rate";

} // namespace

std::optional<Threshold> Threshold::parse(const QString &text, QString *error)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*([A-Za-z0-9_.]+)\s*(<=|>=|<|>)\s*([0-9]*\.?[0-9]+)\s*(us|ms|s|%)?\s*$)"));
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    const auto m = pattern.match(text);
    if (!m.hasMatch()) {
        *error = QStringLiteral("threshold \"%1\" is not METRIC OP NUMBER[UNIT], e.g. p99<50ms").arg(text);
        return std::nullopt;
    }
    Threshold t;
    t.m_text = text.trimmed();
    QString field = m.captured(1);
    const QString op = m.captured(2);
    const QString unit = m.captured(4);
    t.m_bound = m.captured(3).toDouble();
    t.m_op = op == QLatin1String("<") ? Op::Less : op == QLatin1String("<=") ? Op::LessEqual
        : op == QLatin1String(">") ? Op::Greater : Op::GreaterEqual;

    static const QHash<QString, Metric> builtIn{
        {QStringLiteral("p50"), Metric::P50}, {QStringLiteral("p90"), Metric::P90}, {QStringLiteral("p99"), Metric::P99},
        {QStringLiteral("p99.9"), Metric::P999}, {QStringLiteral("p999"), Metric::P999}, {QStringLiteral("max"), Metric::Max},
        {QStringLiteral("errors"), Metric::ErrorCount}, {QStringLiteral("connections"), Metric::Connections},
        {QStringLiteral("rate"), Metric::Rate}};
    static const QHash<QString, Metric> named{
        {QStringLiteral("p50"), Metric::P50}, {QStringLiteral("p90"), Metric::P90}, {QStringLiteral("p99"), Metric::P99},
        {QStringLiteral("p99.9"), Metric::P999}, {QStringLiteral("p999"), Metric::P999}, {QStringLiteral("max"), Metric::Max},
        {QStringLiteral("timeouts"), Metric::Timeouts}, {QStringLiteral("count"), Metric::Count},
        {QStringLiteral("rate"), Metric::Rate}};
    bool known = builtIn.contains(field);
    if (known) {
        t.m_metric = builtIn.value(field);
    } else {
        for (auto it = named.cbegin(); it != named.cend() && !known; ++it) {
            const QString prefix = field.chopped(qMin(field.size(), it.key().size() + 1));
            if (field.endsWith(QLatin1Char('.') + it.key()) && namePattern.match(prefix).hasMatch()) {
                known = true;
                t.m_name = prefix;
                t.m_metric = it.value();
                field = it.key();
            }
        }
    }
    const bool unitless = unit.isEmpty();
    if (known && t.isLatency()) {
        if (unit == QLatin1String("%")) {
            *error = QStringLiteral("threshold \"%1\": latency takes us, ms or s, not %").arg(text);
            return std::nullopt;
        }
        t.m_bound *= unit == QLatin1String("us") ? 1e-3 : unit == QLatin1String("s") ? 1e3 : 1.0;
        return t;
    }
    if (known && (t.m_metric == Metric::ErrorCount || t.m_metric == Metric::Timeouts) && (unitless || unit == QLatin1String("%"))) {
        if (!unitless)
            t.m_metric = t.m_metric == Metric::ErrorCount ? Metric::ErrorPercent : Metric::TimeoutPercent;
        return t;
    }
    if (known && unitless && (t.m_metric == Metric::Connections || t.m_metric == Metric::Rate || t.m_metric == Metric::Count))
        return t;
    *error = QStringLiteral("threshold \"%1\": unknown metric or unit; %2").arg(text, QLatin1String(kUsage));
    return std::nullopt;
}

bool Threshold::namesDefined(const QStringList &metrics, const QStringList &counters, QString *error) const
{
    if (m_name.isEmpty() || metrics.contains(m_name) || (m_metric == Metric::Rate && counters.contains(m_name)))
        return true;
    const QStringList all = metrics + counters;
    *error = QStringLiteral("threshold \"%1\" names %2, which the scenario does not define as a %3 (it defines: %4)")
                 .arg(m_text, m_name, m_metric == Metric::Rate ? QStringLiteral("metric or counter") : QStringLiteral("metric"),
                      all.isEmpty() ? QStringLiteral("nothing") : all.join(QLatin1String(", ")));
    return false;
}

double Threshold::actual(const RunSummary &s) const
{
    const NamedMetric named = s.metrics.value(m_name);
    const LatencySummary &l = m_name.isEmpty() ? LatencySummary{s.p50Ms, s.p90Ms, s.p99Ms, s.p999Ms, s.maxMs, 0} : named.latency;
    switch (m_metric) {
    case Metric::P50: return l.p50Ms;
    case Metric::P90: return l.p90Ms;
    case Metric::P99: return l.p99Ms;
    case Metric::P999: return l.p999Ms;
    case Metric::Max: return l.maxMs;
    case Metric::ErrorPercent: return s.errorPercent();
    case Metric::ErrorCount: return double(s.errors);
    case Metric::Connections: return double(s.peakConnections);
    case Metric::Rate: return m_name.isEmpty() ? s.ratePerSec : s.namedRate(m_name);
    case Metric::Timeouts: return double(named.timeouts);
    case Metric::TimeoutPercent: return named.timeoutPercent();
    case Metric::Count: return double(named.count);
    }
    return 0;
}

bool Threshold::hasNoMatches(const RunSummary &s) const
{
    return !m_name.isEmpty() && isLatency() && s.metrics.value(m_name).count == 0;
}

bool Threshold::passes(const RunSummary &s) const
{
    if (hasNoMatches(s))
        return false;
    const double v = actual(s);
    switch (m_op) {
    case Op::Less: return v < m_bound;
    case Op::LessEqual: return v <= m_bound;
    case Op::Greater: return v > m_bound;
    case Op::GreaterEqual: return v >= m_bound;
    }
    return false;
}

QString Threshold::describe(const RunSummary &s) const
{
    if (hasNoMatches(s))
        return QStringLiteral("%1: %2 matched nothing, FAILED").arg(m_text, m_name);
    QString unit;
    switch (m_metric) {
    case Metric::ErrorPercent:
    case Metric::TimeoutPercent: unit = QStringLiteral(" %"); break;
    case Metric::Rate: unit = m_name.isEmpty() ? QStringLiteral(" msg/s") : QStringLiteral(" /s"); break;
    case Metric::ErrorCount:
    case Metric::Timeouts:
    case Metric::Count:
    case Metric::Connections: break;
    default: unit = QStringLiteral(" ms"); break;
    }
    return QStringLiteral("%1: %2%3, %4").arg(m_text).arg(actual(s), 0, 'g', 6).arg(unit,
                                                   passes(s) ? QStringLiteral("passed") : QStringLiteral("FAILED"));
}
