#pragma once

#include "sessionfile.h"

#include <QString>
#include <QVector>

#include <optional>

// Several load agents' session files (socketscope-load --shard K/N -o ...) as one run: samples
// merged per second of the run by LiveSampleMerger, the summary rebuilt from the agents' totals
// and their whole-run histograms added bucket-wise (percentiles are never averaged), events
// put on one time axis, and each agent's own series kept in "agents". docs/session-format.md.
class SessionMerge
{
public:
    struct Input
    {
        QString name; // the file, for messages and the per-agent breakdown
        Session session;
    };

    // nullopt with a readable *error, naming the file, when an input is not a load run, lacks
    // what an exact merge needs (wall clock, histograms), is inconsistent with itself, or does
    // not belong to the same run as the others (target, scenario, shards, time).
    static std::optional<Session> merge(const QVector<Input> &inputs, QString *error);

private:
    static bool check(const Input &input, QString *error);
    static bool checkTogether(const QVector<Input> &inputs, QString *error);
    static QJsonObject summarise(const QVector<Input> &inputs, const QVector<MetricSample> &merged);
};
