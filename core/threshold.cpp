#include "threshold.h"

#include <QRegularExpression>

std::optional<Threshold> Threshold::parse(const QString &text, QString *error)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*([a-z0-9.]+)\s*(<=|>=|<|>)\s*([0-9]*\.?[0-9]+)\s*(us|ms|s|%)?\s*$)"));
    const auto m = pattern.match(text);
    if (!m.hasMatch()) {
        *error = QStringLiteral("threshold \"%1\" is not METRIC OP NUMBER[UNIT], e.g. p99<50ms").arg(text);
        return std::nullopt;
    }
    Threshold t;
    t.m_text = text.trimmed();
    const QString name = m.captured(1);
    const QString op = m.captured(2);
    const QString unit = m.captured(4);
    t.m_bound = m.captured(3).toDouble();
    t.m_op = op == QLatin1String("<") ? Op::Less : op == QLatin1String("<=") ? Op::LessEqual
        : op == QLatin1String(">") ? Op::Greater : Op::GreaterEqual;

    static const QHash<QString, Metric> latency{{QStringLiteral("p50"), Metric::P50}, {QStringLiteral("p90"), Metric::P90},
                                                {QStringLiteral("p99"), Metric::P99}, {QStringLiteral("p99.9"), Metric::P999},
                                                {QStringLiteral("p999"), Metric::P999}, {QStringLiteral("max"), Metric::Max}};
    if (latency.contains(name)) {
        t.m_metric = latency.value(name);
        if (unit == QLatin1String("%")) {
            *error = QStringLiteral("threshold \"%1\": latency takes us, ms or s, not %").arg(text);
            return std::nullopt;
        }
        t.m_bound *= unit == QLatin1String("us") ? 1e-3 : unit == QLatin1String("s") ? 1e3 : 1.0;
        return t;
    }
    const bool unitless = unit.isEmpty();
    if (name == QLatin1String("errors") && (unitless || unit == QLatin1String("%"))) {
        t.m_metric = unitless ? Metric::ErrorCount : Metric::ErrorPercent;
        return t;
    }
    if (name == QLatin1String("connections") && unitless) {
        t.m_metric = Metric::Connections;
        return t;
    }
    if (name == QLatin1String("rate") && unitless) {
        t.m_metric = Metric::Rate;
        return t;
    }
    *error = QStringLiteral("threshold \"%1\": unknown metric or unit; metrics are p50 p90 p99 p99.9 max (us/ms/s), "
                            "errors (count or %), connections, rate (msg/s)")
                 .arg(text);
    return std::nullopt;
}

double Threshold::actual(const RunSummary &s) const
{
    switch (m_metric) {
    case Metric::P50: return s.p50Ms;
    case Metric::P90: return s.p90Ms;
    case Metric::P99: return s.p99Ms;
    case Metric::P999: return s.p999Ms;
    case Metric::Max: return s.maxMs;
    case Metric::ErrorPercent: return s.errorPercent();
    case Metric::ErrorCount: return double(s.errors);
    case Metric::Connections: return double(s.peakConnections);
    case Metric::Rate: return s.ratePerSec;
    }
    return 0;
}

bool Threshold::passes(const RunSummary &s) const
{
    const double v = actual(s);
    switch (m_op) {
    case Op::Less: return v < m_bound;
    case Op::LessEqual: return v <= m_bound;
    case Op::Greater: return v > m_bound;
    case Op::GreaterEqual: return v >= m_bound;
    }
    return false;
}

QString Threshold::measured(const RunSummary &s) const
{
    const double v = actual(s);
    switch (m_metric) {
    case Metric::ErrorPercent: return QStringLiteral("%1 %").arg(v, 0, 'g', 3);
    case Metric::Rate: return QStringLiteral("%1 msg/s").arg(v, 0, 'f', 0);
    case Metric::ErrorCount:
    case Metric::Connections: return QString::number(v, 'f', 0);
    default: return QStringLiteral("%1 ms").arg(v, 0, 'f', v < 10 ? 2 : 1); // a latency
    }
}

QString Threshold::describe(const RunSummary &s) const
{
    return QStringLiteral("%1: %2, %3").arg(m_text, measured(s), passes(s) ? QStringLiteral("passed") : QStringLiteral("FAILED"));
}
