#pragma once

#include "runsummary.h"

#include <QString>
#include <QStringList>

#include <optional>

// A pass/fail bound on a run, as written on the command line: "p99<50ms", "errors<0.1%",
// "connections>=10000", "rate>=20000", and on a scenario file's names: "say_ack.p99<50ms",
// "say_ack.timeouts<0.1%", "ticks.rate>=100". Latency units: us, ms (default), s.
class Threshold
{
public:
    // nullopt with a readable *error for unknown metrics, operators, numbers or units.
    static std::optional<Threshold> parse(const QString &text, QString *error);

    QString text() const { return m_text; }
    // The scenario metric or counter it names; empty for the built-in figures.
    QString name() const { return m_name; }
    // False with *error when name() is not among what the scenario defines (a rate may name either).
    bool namesDefined(const QStringList &metrics, const QStringList &counters, QString *error) const;

    double actual(const RunSummary &summary) const;
    // A latency bound on a named metric that matched nothing fails: there is nothing it held for.
    bool passes(const RunSummary &summary) const;
    // "p99<50ms: 12.3 ms, passed"
    QString describe(const RunSummary &summary) const;

private:
    enum class Metric { P50, P90, P99, P999, Max, ErrorPercent, ErrorCount, Connections, Rate, Timeouts, TimeoutPercent, Count };
    enum class Op { Less, LessEqual, Greater, GreaterEqual };

    bool isLatency() const { return m_metric <= Metric::Max; }
    bool hasNoMatches(const RunSummary &summary) const;

    QString m_text;
    QString m_name;
    Metric m_metric = Metric::P99;
    Op m_op = Op::Less;
    double m_bound = 0; // in the metric's own unit: ms, %, count, per second
};
