#include "headlessrun.h"

#include <mainwindow.h>
#include <loadpanel.h>
#include <reportexporter.h>
#include <runcontroller.h>
#include <runhealth.h>
#include <sessionfile.h>
#include <sessionmodel.h>
#include <verdict.h>

#include <QDateTime>
#include <QDir>
#include <QTimer>

#include <cstdio>

namespace {
constexpr int kGraceMs = 30000; // server start, ramp and graceful stops on top of the load's duration
}

HeadlessRun::HeadlessRun(MainWindow *window, double durationSec, const QString &outputDir, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_durationSec(durationSec)
    , m_outputDir(outputDir)
{
}

void HeadlessRun::start()
{
    m_window->setHeadless(true);
    QJsonObject load = m_window->loadPanel()->toJson();
    load.insert(QStringLiteral("durationSec"), m_durationSec);
    m_window->loadPanel()->fromJson(load);
    connect(m_window->runController(), &RunController::allStopped, this, &HeadlessRun::writeResults);
    const SessionModel *model = m_window->sessionModel();
    connect(model, &SessionModel::eventAppended, this, [model](int index) {
        const SessionEvent &e = model->session().events.at(index);
        std::fprintf(stderr, "[%5.1fs] %s: %s\n", e.elapsedSec, qPrintable(e.source), qPrintable(e.message));
    });
    QTimer::singleShot(int(m_durationSec * 1000) + kGraceMs, this, [this] {
        if (m_done)
            return;
        std::fprintf(stderr, "socketscope: the run did not end in time; stopping it\n");
        m_window->stopAll();
        QTimer::singleShot(8000, this, [this] { Q_EMIT finished(1); });
    });
    std::fprintf(stderr, "socketscope: no display; running the default session headless for %.0f s\n", m_durationSec);
    m_window->startAll();
}

void HeadlessRun::writeResults()
{
    if (m_done)
        return;
    m_done = true;
    if (m_window->sessionModel()->session().samples.isEmpty()) {
        std::fprintf(stderr, "socketscope: the run produced no samples; see the messages above\n");
        Q_EMIT finished(1);
        return;
    }
    QDir().mkpath(m_outputDir);
    const QString stem = QDir(m_outputDir).filePath(QStringLiteral("socketscope-%1").arg(
        QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    QString error;
    const bool saved = SessionFile::save(stem + QStringLiteral(".json"), m_window->sessionModel()->session(), &error)
                       && ReportExporter::saveChartGrid(m_window->charts(), stem + QStringLiteral(".png"), &error);
    if (!saved) {
        std::fprintf(stderr, "socketscope: %s\n", qPrintable(error));
        Q_EMIT finished(1);
        return;
    }
    std::printf("%s\nsession: %s.json\ncharts:  %s.png\n", qPrintable(m_window->headlineText()), qPrintable(stem),
                qPrintable(stem));
    // The verdict with every threshold, and what the figures cannot be trusted for; exit 3 on FAIL, as the CLI.
    const Session &session = m_window->sessionModel()->session();
    const RunHealth health = RunHealth::of(session);
    const Verdict verdict = Verdict::of(session, health);
    for (const Verdict::Check &c : verdict.checks)
        std::printf("threshold %s: %s\n", qPrintable(c.threshold), qPrintable(c.measured.isEmpty() ? c.error : c.measured + (c.passed ? QStringLiteral(", passed") : QStringLiteral(", FAILED"))));
    if (verdict.outcome != Verdict::Outcome::None)
        std::printf("verdict: %s\n", qPrintable(verdict.summaryLine()));
    for (const QString &warning : health.warnings())
        std::printf("warning: %s\n", qPrintable(warning));
    std::fflush(stdout);
    Q_EMIT finished(verdict.outcome == Verdict::Outcome::Fail ? 3 : 0);
}
