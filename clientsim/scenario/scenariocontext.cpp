#include "scenariocontext.h"

#include <chrono>

ScenarioContext::ScenarioContext(const ScenarioProgram &program, quint64 seed)
    : m_program(program), m_metrics(program.metricNames(), program.counterNames()), m_random(seed)
{
    const qint64 epochNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
    m_epochOffsetNs = epochNs - steadyNowNs();
}

qint64 ScenarioContext::steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
