#pragma once

#include <sessionfile.h>

#include <QString>
#include <QStringList>

class RunCharts;

// Everything the console writes besides the session file: one PNG per chart, the five charts in
// one PNG, and a self-contained HTML report (images inlined) to attach to a ticket or a chat.
// All files are written atomically.
class ReportExporter
{
public:
    // Writes <dir>/<stem>-rate.png etc.; *written lists the files.
    static bool saveChartImages(RunCharts *charts, const QString &dir, const QString &stem, QStringList *written,
                                QString *error);
    static bool saveChartGrid(RunCharts *charts, const QString &path, QString *error);
    static QByteArray htmlReport(const Session &session, const QString &title, RunCharts *charts);
    static bool saveHtmlReport(const Session &session, const QString &title, RunCharts *charts, const QString &path,
                               QString *error);
};
