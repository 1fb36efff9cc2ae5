#pragma once

#include "metricsample.h"

#include <QString>
#include <QVector>

// Every sample as one CSV row (spreadsheets, pandas). Columns that vary by run (workers, error
// kinds, close codes, scraped target series) get one column per name seen anywhere in the run.
class SampleCsv
{
public:
    static QByteArray toCsv(const QVector<MetricSample> &samples);
    // Written atomically, like session files.
    static bool save(const QString &path, const QVector<MetricSample> &samples, QString *error);
};
