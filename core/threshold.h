#pragma once

#include "runsummary.h"

#include <QString>

#include <optional>

// A pass/fail bound on a run, as written on the command line: "p99<50ms", "errors<0.1%",
// "connections>=10000", "rate>=20000". Latency units: us, ms (default), s.
class Threshold
{
public:
    // nullopt with a readable *error for unknown metrics, operators, numbers or units.
    static std::optional<Threshold> parse(const QString &text, QString *error);

    QString text() const { return m_text; }
    double actual(const RunSummary &summary) const;
    bool passes(const RunSummary &summary) const;
    // The measured value with its unit: "12.3 ms", "0.02 %", "41,250 msg/s".
    QString measured(const RunSummary &summary) const;
    // "p99<50ms: 12.3 ms, passed"
    QString describe(const RunSummary &summary) const;

private:
    enum class Metric { P50, P90, P99, P999, Max, ErrorPercent, ErrorCount, Connections, Rate };
    enum class Op { Less, LessEqual, Greater, GreaterEqual };

    QString m_text;
    Metric m_metric = Metric::P99;
    Op m_op = Op::Less;
    double m_bound = 0; // in the metric's own unit: ms, %, count, msg/s
};
