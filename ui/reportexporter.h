#pragma once

#include <sessionfile.h>

#include <QString>
#include <QStringList>

class RunCharts;

// Everything the console writes besides the session file: one PNG per chart, the charts in one
// PNG, and a self-contained HTML report (images inlined) to attach to a ticket or a CI job: the
// verdict with every threshold, what the figures cannot be trusted for, the headline figures (side
// by side with a compared run, naming both), the charts, the events and the readable settings.
// All files are written atomically.
class ReportExporter
{
public:
    struct Run
    {
        const Session *session = nullptr;
        QString name;
    };

    // Writes <dir>/<stem>-<chart's export name>.png; *written lists the files.
    static bool saveChartImages(RunCharts *charts, const QString &dir, const QString &stem, QStringList *written,
                                QString *error);
    static bool saveChartGrid(RunCharts *charts, const QString &path, QString *error);
    // compared.session null: a report of one run. The charts already show both.
    static QByteArray htmlReport(const Run &run, const Run &compared, RunCharts *charts);
    static bool saveHtmlReport(const Run &run, const Run &compared, RunCharts *charts, const QString &path, QString *error);
};
