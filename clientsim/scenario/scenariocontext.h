#pragma once

#include "jsonfields.h"
#include "scenariometrics.h"
#include "scenarioprogram.h"

#include <QByteArray>

#include <random>
#include <string>

// What the runs of one load thread share: the program, the metrics they record into, random
// numbers, and scratch buffers reused message after message. One per thread, never shared.
class ScenarioContext
{
public:
    ScenarioContext(const ScenarioProgram &program, quint64 seed);

    const ScenarioProgram &program() const { return m_program; }
    ScenarioMetrics &metrics() { return m_metrics; }
    std::mt19937_64 &random() { return m_random; }

    // Steady-clock nanoseconds (what runs are driven with) to wall-clock epoch milliseconds.
    qint64 epochNs(qint64 steadyNs) const { return steadyNs + m_epochOffsetNs; }
    qint64 epochMs(qint64 steadyNs) const { return epochNs(steadyNs) / 1000000; }
    void setEpochOffsetNs(qint64 offset) { m_epochOffsetNs = offset; }
    static qint64 steadyNowNs();

    JsonFields &fields() { return m_fields; }
    QByteArray &sendBuffer() { return m_send; }
    QByteArray &matchBuffer() { return m_match; }
    std::string &unescaped() { return m_unescaped; }

private:
    const ScenarioProgram &m_program;
    ScenarioMetrics m_metrics;
    std::mt19937_64 m_random;
    qint64 m_epochOffsetNs = 0;
    JsonFields m_fields;
    QByteArray m_send;
    QByteArray m_match;
    std::string m_unescaped;
};
