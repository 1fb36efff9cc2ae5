#include "reportexporter.h"

#include "pngfile.h"
#include "runcharts.h"
#include "timeserieschart.h"

#include <sessionheadline.h>

#include <QChart>
#include <QDateTime>
#include <QDir>
#include <QJsonDocument>

namespace {

constexpr int kEventsInReport = 500;
const QSize kImageSize(900, 420);
const QStringList kChartNames{QStringLiteral("rate"), QStringLiteral("latency"), QStringLiteral("connections"),
                              QStringLiteral("memory"), QStringLiteral("errors")};

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

bool ReportExporter::saveChartImages(RunCharts *charts, const QString &dir, const QString &stem, QStringList *written,
                                     QString *error)
{
    const QList<TimeSeriesChart *> all = charts->charts();
    for (int i = 0; i < all.size(); ++i) {
        const QString path = QDir(dir).filePath(QStringLiteral("%1-%2.png").arg(stem, kChartNames.at(i)));
        if (!savePng(all.at(i)->image(kImageSize), path, error))
            return false;
        written->append(path);
    }
    return true;
}

bool ReportExporter::saveChartGrid(RunCharts *charts, const QString &path, QString *error)
{
    return savePng(charts->renderGrid(), path, error);
}

QByteArray ReportExporter::htmlReport(const Session &session, const QString &title, RunCharts *charts)
{
    QString html;
    html += QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title>"
                           "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                           "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
                           "td.n{text-align:right}img{max-width:100%;border:1px solid #ddd;margin:6px 0}"
                           "pre{background:#f6f6f6;padding:8px;overflow:auto}</style></head><body>")
                .arg(escaped(title));
    html += QStringLiteral("<h1>SocketScope run: %1</h1><p>Report written %2.</p>")
                .arg(escaped(title), QDateTime::currentDateTime().toString(Qt::ISODate));

    html += QStringLiteral("<h2>Headline</h2><table>");
    for (const SessionHeadline::Figure &f : SessionHeadline::of(session).figures())
        html += QStringLiteral("<tr><th>%1</th><td class=\"n\">%2 %3</td></tr>")
                    .arg(escaped(f.label), QLocale().toString(f.value, 'f', f.value >= 100 ? 0 : 2), escaped(f.unit));
    html += QStringLiteral("</table><h2>Charts</h2>");
    for (TimeSeriesChart *chart : charts->charts())
        html += QStringLiteral("<img alt=\"%1\" src=\"data:image/png;base64,%2\">")
                    .arg(escaped(chart->chart()->title()), QString::fromLatin1(pngBytes(chart->image(kImageSize)).toBase64()));

    html += QStringLiteral("<h2>Events</h2><table><tr><th>Time (s)</th><th>Source</th><th>Kind</th><th>Message</th></tr>");
    const int shown = qMin(int(session.events.size()), kEventsInReport);
    for (int i = 0; i < shown; ++i) {
        const SessionEvent &e = session.events.at(i);
        html += QStringLiteral("<tr><td class=\"n\">%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
                    .arg(e.elapsedSec, 0, 'f', 1)
                    .arg(escaped(e.source), escaped(e.kind), escaped(e.message));
    }
    html += QStringLiteral("</table>");
    if (session.events.size() > shown)
        html += QStringLiteral("<p>… and %1 more in the session file.</p>").arg(session.events.size() - shown);
    html += QStringLiteral("<h2>Configuration</h2><pre>%1</pre><h2>Summary</h2><pre>%2</pre></body></html>")
                .arg(escaped(QString::fromUtf8(QJsonDocument(session.config).toJson())),
                     escaped(QString::fromUtf8(QJsonDocument(session.summary).toJson())));
    return html.toUtf8();
}

bool ReportExporter::saveHtmlReport(const Session &session, const QString &title, RunCharts *charts,
                                    const QString &path, QString *error)
{
    return writeFileAtomically(path, htmlReport(session, title, charts), error);
}
