#include "reportexporter.h"

#include "configtable.h"
#include "pngfile.h"
#include "runcharts.h"
#include "timeserieschart.h"

#include <runhealth.h>
#include <runsummary.h>
#include <sessionheadline.h>
#include <verdict.h>

#include <QChart>
#include <QDateTime>
#include <QDir>

namespace {

constexpr int kEventsInReport = 500;
const QSize kImageSize(900, 420);

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString cell(const QString &text, const QString &cssClass = QString())
{
    return cssClass.isEmpty() ? QStringLiteral("<td>%1</td>").arg(escaped(text))
                              : QStringLiteral("<td class=\"%1\">%2</td>").arg(cssClass, escaped(text));
}

QString verdictBlock(const Session &session, const QString &name)
{
    const RunHealth health = RunHealth::of(session);
    const Verdict verdict = Verdict::of(session, health);
    QString html;
    if (verdict.outcome == Verdict::Outcome::None) {
        html += QStringLiteral("<div class=\"verdict none\">%1: no thresholds were set</div>").arg(escaped(name));
    } else {
        const QString css = verdict.outcome == Verdict::Outcome::Pass ? QStringLiteral("pass") : QStringLiteral("fail");
        html += QStringLiteral("<div class=\"verdict %1\">%2 &mdash; %3</div>").arg(css, escaped(name), escaped(verdict.summaryLine()));
        html += QStringLiteral("<table><tr><th>Threshold</th><th>Measured</th><th>Result</th></tr>");
        for (const Verdict::Check &c : verdict.checks) {
            const QString result = !c.error.isEmpty() ? c.error : c.measured.isEmpty() ? QStringLiteral("not measured")
                                                                   : c.passed         ? QStringLiteral("passed")
                                                                                      : QStringLiteral("FAILED");
            html += QStringLiteral("<tr>%1%2%3</tr>").arg(cell(c.threshold), cell(c.measured, QStringLiteral("n")),
                                                          cell(result, c.passed ? QStringLiteral("good") : QStringLiteral("bad")));
        }
        html += QStringLiteral("</table>");
    }
    const QStringList warnings = health.warnings();
    if (!warnings.isEmpty()) {
        html += QStringLiteral("<ul class=\"warnings\">");
        for (const QString &w : warnings)
            html += QStringLiteral("<li>%1</li>").arg(escaped(w));
        html += QStringLiteral("</ul>");
    }
    return html;
}

QString figuresTable(const ReportExporter::Run &a, const ReportExporter::Run &b)
{
    const QVector<SessionHeadline::Figure> fa = SessionHeadline::of(*a.session).figures();
    if (!b.session) {
        QString html = QStringLiteral("<table>");
        for (const SessionHeadline::Figure &f : fa)
            html += QStringLiteral("<tr><th>%1</th>%2</tr>").arg(escaped(f.label), cell(f.text(), QStringLiteral("n")));
        return html + QStringLiteral("</table>");
    }
    const QVector<SessionHeadline::Figure> fb = SessionHeadline::of(*b.session).figures();
    QString html = QStringLiteral("<table><tr><th>Figure</th><th>A: %1</th><th>B: %2</th><th>B vs A</th></tr>")
                       .arg(escaped(a.name), escaped(b.name));
    for (int i = 0; i < fa.size(); ++i) {
        const SessionHeadline::Comparison c = SessionHeadline::compare(fa.at(i), fb.at(i));
        const QString css = c.change == SessionHeadline::Change::Better ? QStringLiteral("n good")
            : c.change == SessionHeadline::Change::Worse                ? QStringLiteral("n bad")
                                                                        : QStringLiteral("n");
        html += QStringLiteral("<tr><th>%1</th>%2%3%4</tr>")
                    .arg(escaped(fa.at(i).label), cell(fa.at(i).text(), QStringLiteral("n")), cell(fb.at(i).text(), QStringLiteral("n")),
                         cell(c.text, css));
    }
    return html + QStringLiteral("</table>");
}

QString summaryTable(const Session &session)
{
    if (session.summary.isEmpty())
        return QStringLiteral("<p>The load did not report a summary (it was killed or crashed).</p>");
    const RunSummary s = RunSummary::fromJson(session.summary);
    const QLocale locale;
    auto ms = [](double v) { return QStringLiteral("%1 ms").arg(v, 0, 'f', v < 10 ? 2 : 1); };
    const QList<QPair<QString, QString>> rows{
        {QStringLiteral("Duration"), QStringLiteral("%1 s").arg(s.durationSec, 0, 'f', 1)},
        {QStringLiteral("Peak connections"), locale.toString(double(s.peakConnections), 'f', 0)},
        {QStringLiteral("Failed connections"), locale.toString(double(s.connectionsFailed), 'f', 0)},
        {QStringLiteral("Messages sent / received"),
         locale.toString(double(s.messagesSent), 'f', 0) + QStringLiteral(" / ") + locale.toString(double(s.messagesReceived), 'f', 0)},
        {QStringLiteral("Receive rate over the whole run"), locale.toString(s.ratePerSec, 'f', 0) + QStringLiteral(" msg/s")},
        {QStringLiteral("Latency p50 / p90 / p99 / p99.9 / max"),
         QStringList{ms(s.p50Ms), ms(s.p90Ms), ms(s.p99Ms), ms(s.p999Ms), ms(s.maxMs)}.join(QStringLiteral(" / "))},
        {QStringLiteral("Errors"), QStringLiteral("%1 (%2 %)").arg(locale.toString(double(s.errors), 'f', 0)).arg(s.errorPercent(), 0, 'g', 3)},
        {QStringLiteral("Load CPU peak"), QStringLiteral("%1 % of a core").arg(s.clientCpuPercentPeak, 0, 'f', 0)},
        {QStringLiteral("Load generator saturated"), s.clientSaturated ? QStringLiteral("yes") : QStringLiteral("no")}};
    QString html = QStringLiteral("<table>");
    for (const auto &row : rows)
        html += QStringLiteral("<tr><th>%1</th>%2</tr>").arg(escaped(row.first), cell(row.second, QStringLiteral("n")));
    return html + QStringLiteral("</table>");
}

QString configTable(const Session &session)
{
    QString html = QStringLiteral("<table>");
    for (const ConfigTable::Row &row : ConfigTable::rows(session.config))
        html += QStringLiteral("<tr>%1<th>%2</th>%3</tr>").arg(cell(row.section), escaped(row.label), cell(row.value));
    return html + QStringLiteral("</table>");
}

QString eventsTable(const Session &session)
{
    QString html = QStringLiteral("<table><tr><th>Time (s)</th><th>Source</th><th>Kind</th><th>Message</th></tr>");
    const int shown = qMin(int(session.events.size()), kEventsInReport);
    for (int i = 0; i < shown; ++i) {
        const SessionEvent &e = session.events.at(i);
        const QString css = e.level() == SessionEvent::Severity::Error ? QStringLiteral(" class=\"bad\"")
            : e.level() == SessionEvent::Severity::Warning             ? QStringLiteral(" class=\"warn\"")
                                                                       : QString();
        html += QStringLiteral("<tr%1>%2%3%4%5</tr>")
                    .arg(css, cell(QString::number(e.elapsedSec, 'f', 1), QStringLiteral("n")), cell(e.source), cell(e.kind), cell(e.message));
    }
    html += QStringLiteral("</table>");
    if (session.events.size() > shown)
        html += QStringLiteral("<p>… and %1 more in the session file.</p>").arg(session.events.size() - shown);
    return html;
}

} // namespace

bool ReportExporter::saveChartImages(RunCharts *charts, const QString &dir, const QString &stem, QStringList *written,
                                     QString *error)
{
    for (TimeSeriesChart *chart : charts->charts()) {
        const QString path = QDir(dir).filePath(QStringLiteral("%1-%2.png").arg(stem, chart->exportName()));
        if (!savePng(chart->image(kImageSize), path, error))
            return false;
        written->append(path);
    }
    return true;
}

bool ReportExporter::saveChartGrid(RunCharts *charts, const QString &path, QString *error)
{
    return savePng(charts->renderGrid(), path, error);
}

QByteArray ReportExporter::htmlReport(const Run &run, const Run &compared, RunCharts *charts)
{
    const bool comparing = compared.session != nullptr;
    const QString title = comparing ? QStringLiteral("%1 compared with %2").arg(run.name, compared.name) : run.name;
    QString html;
    html += QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title>"
                           "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                           "table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
                           "th{background:#f4f4f4;font-weight:normal}td.n{text-align:right}.good{color:#2e8b57}.bad{color:#c0392b}"
                           ".warn{color:#b9770e}img{max-width:100%;border:1px solid #ddd;margin:6px 0}"
                           ".verdict{font-size:1.3em;font-weight:bold;padding:8px 12px;margin:8px 0;border-radius:4px}"
                           ".pass{background:#e3f4ea;color:#1e6b41}.fail{background:#fbe5e2;color:#a12a1c}.none{background:#eee;color:#555}"
                           "ul.warnings li{color:#8a5a00}</style></head><body>")
                .arg(escaped(title));
    html += QStringLiteral("<h1>SocketScope: %1</h1><p>Report written %2.</p>")
                .arg(escaped(title), QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    html += QStringLiteral("<h2>Verdict</h2>") + verdictBlock(*run.session, comparing ? QStringLiteral("A: ") + run.name : run.name);
    if (comparing)
        html += verdictBlock(*compared.session, QStringLiteral("B: ") + compared.name);
    html += QStringLiteral("<h2>Headline figures</h2>") + figuresTable(run, compared);
    html += QStringLiteral("<h2>Charts</h2>");
    if (comparing)
        html += QStringLiteral("<p>Solid lines: A (%1). Dashed lines, &ldquo;· B&rdquo; in the legends: B (%2).</p>")
                    .arg(escaped(run.name), escaped(compared.name));
    for (TimeSeriesChart *chart : charts->charts())
        html += QStringLiteral("<img alt=\"%1\" src=\"data:image/png;base64,%2\">")
                    .arg(escaped(chart->chart()->title()), QString::fromLatin1(pngBytes(chart->image(kImageSize)).toBase64()));
    html += QStringLiteral("<h2>Load summary</h2>") + summaryTable(*run.session);
    if (comparing)
        html += QStringLiteral("<h3>B: %1</h3>").arg(escaped(compared.name)) + summaryTable(*compared.session);
    html += QStringLiteral("<h2>Settings</h2>") + configTable(*run.session);
    if (comparing)
        html += QStringLiteral("<h3>B: %1</h3>").arg(escaped(compared.name)) + configTable(*compared.session);
    html += QStringLiteral("<h2>Events</h2>") + eventsTable(*run.session) + QStringLiteral("</body></html>");
    return html.toUtf8();
}

bool ReportExporter::saveHtmlReport(const Run &run, const Run &compared, RunCharts *charts, const QString &path, QString *error)
{
    return writeFileAtomically(path, htmlReport(run, compared, charts), error);
}
