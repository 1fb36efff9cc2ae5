#pragma once

#include <metricsample.h>
#include <runsummary.h>
#include <threshold.h>

#include <QString>
#include <QVector>

// The human side of socketscope-load: a one-line progress display and the end-of-run table.
class SummaryReport
{
public:
    static QString progressLine(const MetricSample &sample);
    static QString table(const RunSummary &summary, const QVector<Threshold> &thresholds);
};
