#pragma once

#include "metricsample.h"

#include <QMap>
#include <QPair>
#include <QVector>

#include <limits>
#include <optional>

// Merges the samples of N load agents into one sample per second of the run, as one agent would
// have reported it: totals (messages, bytes, errors, close codes, failed connects) are the sum of
// each agent's latest totals, gauges (open connections, RSS, CPU) the sum of the agents still
// running, latency histograms are added bucket-wise and the percentiles read from the sum, and
// rates come from the merged totals over the real interval. Used live by the console and by
// SessionMerge for saved files, so both add up the same way.
class LiveSampleMerger
{
public:
    // A second is held back at most this long for an agent that has not reported it yet.
    static constexpr int kMaxLagSec = 3;

    explicit LiveSampleMerger(int agents);

    // One agent's sample; returns the merged samples of the seconds it completed, oldest first.
    // A second is complete once every running agent has reported a later one, or kMaxLagSec
    // after the newest second seen.
    QVector<MetricSample> add(int agent, const MetricSample &sample);
    // The agent sends nothing more (it finished or died): it holds no second back, and its
    // connections count as closed after its last sample; its totals stay in the sums.
    QVector<MetricSample> finishAgent(int agent);
    // Every second still held back, e.g. when the run ends.
    QVector<MetricSample> flush();

private:
    struct Agent
    {
        std::optional<MetricSample> last;
        qint64 newestSecond = std::numeric_limits<qint64>::min();
        qint64 lastEmittedSecond = std::numeric_limits<qint64>::min();
        bool finished = false;
    };

    QVector<MetricSample> emitComplete();
    MetricSample merge(qint64 second);

    QVector<Agent> m_agents;
    // Second k spans start + k s - kSkewMs to start + (k + 1) s - kSkewMs: a timer up to 750 ms
    // late stays in its second, and so does an agent that started up to 250 ms before the first.
    static constexpr qint64 kSkewMs = 250;

    QMap<qint64, QVector<QPair<int, MetricSample>>> m_pending; // by second since m_anchorMs
    std::optional<qint64> m_anchorMs; // the start of the first agent seen
    qint64 m_emittedSecond = std::numeric_limits<qint64>::min();
    qint64 m_newestSecond = std::numeric_limits<qint64>::min();
    qint64 m_startMs = std::numeric_limits<qint64>::max(); // the earliest agent start seen
    std::optional<MetricSample> m_previous;
};
