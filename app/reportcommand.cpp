#include "reportcommand.h"

#include <reportexporter.h>
#include <runcharts.h>
#include <runhealth.h>
#include <sessionmodel.h>
#include <verdict.h>

#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>
#include <cstring>

namespace {

int usage(const QString &message)
{
    std::fprintf(stderr, "socketscope report: %s (see socketscope report --help)\n", qPrintable(message));
    return 2;
}

} // namespace

bool ReportCommand::isReport(int argc, char *argv[])
{
    return argc > 1 && std::strcmp(argv[1], "report") == 0;
}

int ReportCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the self-contained HTML report of a saved session: verdict and thresholds, warnings, headline figures, "
        "charts, settings and events. With a second session, both runs side by side and overlaid."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("report"), QStringLiteral("The subcommand."), QStringLiteral("report"));
    parser.addPositionalArgument(QStringLiteral("session"), QStringLiteral("Session file (socketscope-load -o, or saved by the console)."));
    parser.addPositionalArgument(QStringLiteral("compare"), QStringLiteral("Optional second session, compared with the first."),
                                 QStringLiteral("[compare]"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("The HTML file to write."),
                                    QStringLiteral("file"));
    parser.addOption(output);
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    const QStringList files = parser.positionalArguments().mid(1);
    if (files.isEmpty() || files.size() > 2)
        return usage(QStringLiteral("needs one session file, or two to compare"));
    if (!parser.isSet(output) || parser.value(output).isEmpty())
        return usage(QStringLiteral("needs -o FILE.html"));

    SessionModel run;
    SessionModel compared;
    for (int i = 0; i < files.size(); ++i) {
        QString error;
        const auto session = SessionFile::load(files.at(i), &error);
        if (!session) {
            std::fprintf(stderr, "socketscope report: %s\n", qPrintable(error));
            return 1;
        }
        (i == 0 ? run : compared).load(*session, QFileInfo(files.at(i)).absoluteFilePath());
    }
    RunCharts charts;
    charts.setModel(&run);
    if (files.size() > 1)
        charts.setComparison(&compared);
    const ReportExporter::Run first{&run.session(), QFileInfo(files.at(0)).fileName()};
    const ReportExporter::Run second{files.size() > 1 ? &compared.session() : nullptr, QFileInfo(files.value(1)).fileName()};
    QString error;
    if (!ReportExporter::saveHtmlReport(first, second, &charts, parser.value(output), &error)) {
        std::fprintf(stderr, "socketscope report: %s\n", qPrintable(error));
        return 1;
    }
    for (const SessionModel *model : {&run, &compared}) {
        const Verdict verdict = Verdict::of(model->session(), RunHealth::of(model->session()));
        if (verdict.outcome != Verdict::Outcome::None)
            std::printf("%s: %s\n", qPrintable(QFileInfo(model->filePath()).fileName()), qPrintable(verdict.summaryLine()));
    }
    std::printf("report: %s\n", qPrintable(QFileInfo(parser.value(output)).absoluteFilePath()));
    return 0;
}
