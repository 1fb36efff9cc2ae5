#include "sessionfileactions.h"

#include "consolesettings.h"
#include "recentfiles.h"
#include "reportexporter.h"

#include <samplecsv.h>
#include <sessionmodel.h>

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStyle>
#include <QWidget>

SessionFileActions::SessionFileActions(QWidget *window, SessionModel *model, SessionModel *comparison, RunCharts *charts,
                                       QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_model(model)
    , m_comparison(comparison)
    , m_charts(charts)
    , m_recent(new RecentFiles(this))
{
    connect(m_recent, &RecentFiles::openRequested, this, &SessionFileActions::openSession);
    connect(m_model, &SessionModel::sampleAppended, this, &SessionFileActions::updateEnabled);
    connect(m_model, &SessionModel::modelReset, this, &SessionFileActions::updateEnabled);
}

void SessionFileActions::populate(QMenu *file)
{
    QStyle *style = m_window->style();
    m_open = file->addAction(style->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open Session…"), QKeySequence::Open, this, [this] {
        const QString path = askForSession(tr("Open session"));
        if (!path.isEmpty())
            openSession(path);
    });
    m_open->setToolTip(tr("Open a saved run (Ctrl+O)"));
    file->addMenu(m_recent->menu());
    m_compare = file->addAction(tr("&Compare With…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this, [this] {
        const QString path = askForSession(tr("Compare with session"));
        if (!path.isEmpty())
            compareWith(path);
    });
    m_compare->setToolTip(tr("Overlay a second saved run, dashed, with a table of the changes (Ctrl+Shift+O)"));
    m_closeComparison = file->addAction(tr("Close Comparison"), this, &SessionFileActions::closeComparison);
    file->addSeparator();
    m_save = file->addAction(style->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save"), QKeySequence::Save, this, [this] {
        m_model->filePath().isEmpty() ? saveAs() : void(saveSession(m_model->filePath()));
    });
    m_save->setToolTip(tr("Save this run as a session file (Ctrl+S)"));
    QAction *saveAsAction = file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &SessionFileActions::saveAs);
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    QAction *csv = exportMenu->addAction(tr("Samples as &CSV…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(m_window, tr("Export CSV"), suggestedPath(QStringLiteral("csv")), tr("CSV (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    QAction *images = exportMenu->addAction(tr("Chart &Images (PNG)…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(m_window, tr("Export chart images to"),
                                                              QFileInfo(suggestedPath(QStringLiteral("png"))).absolutePath());
        QStringList written;
        if (!dir.isEmpty())
            exportChartImages(dir, &written);
    });
    QAction *html = exportMenu->addAction(tr("&HTML Report…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(m_window, tr("Export HTML report"), suggestedPath(QStringLiteral("html")),
                                                          tr("HTML (*.html)"));
        if (!path.isEmpty())
            exportHtml(path);
    });
    m_needsRun = {m_save, saveAsAction, csv, images, html};
    updateEnabled();
}

void SessionFileActions::updateEnabled()
{
    const Session &session = m_model->session();
    const bool somethingToSave = !session.samples.isEmpty() || session.summary.contains(QLatin1String("conformance"));
    for (QAction *action : std::as_const(m_needsRun))
        action->setEnabled(somethingToSave);
    if (m_closeComparison)
        m_closeComparison->setEnabled(isComparing());
}

QString SessionFileActions::askForSession(const QString &title)
{
    return QFileDialog::getOpenFileName(m_window, title, QSettings().value(ConsoleSettings::lastDirectory()).toString(),
                                        tr("SocketScope sessions (*.json);;All files (*)"));
}

QString SessionFileActions::suggestedPath(const QString &extension) const
{
    const QString dir = QSettings().value(ConsoleSettings::lastDirectory(), QDir::homePath()).toString();
    const QString stem = m_model->filePath().isEmpty()
        ? QStringLiteral("socketscope-%1").arg(QDateTime::fromMSecsSinceEpoch(m_model->startedAtMs()).toString(QStringLiteral("yyyyMMdd-HHmmss")))
        : QFileInfo(m_model->filePath()).completeBaseName();
    return QDir(m_model->filePath().isEmpty() ? dir : QFileInfo(m_model->filePath()).absolutePath())
        .filePath(stem + QLatin1Char('.') + extension);
}

bool SessionFileActions::openSession(const QString &path)
{
    if (m_busy && m_busy()) {
        Q_EMIT problem(tr("Cannot open a session"), tr("A run is in progress; stop it first (Ctrl+.)."));
        return false;
    }
    if (!confirmDiscard(tr("Save the current run before opening %1?").arg(QFileInfo(path).fileName())))
        return false;
    QString error;
    const auto session = SessionFile::load(path, &error);
    if (!session) {
        Q_EMIT problem(tr("Cannot open session"), error);
        return false;
    }
    m_model->load(*session, QFileInfo(path).absoluteFilePath());
    m_recent->add(path);
    return true;
}

bool SessionFileActions::compareWith(const QString &path)
{
    QString error;
    const auto session = SessionFile::load(path, &error);
    if (!session) {
        Q_EMIT problem(tr("Cannot compare"), error);
        return false;
    }
    m_comparison->load(*session, QFileInfo(path).absoluteFilePath());
    m_comparisonPath = path;
    m_recent->add(path);
    updateEnabled();
    Q_EMIT comparisonChanged();
    return true;
}

void SessionFileActions::closeComparison()
{
    if (m_comparisonPath.isEmpty())
        return;
    m_comparisonPath.clear();
    updateEnabled();
    Q_EMIT comparisonChanged();
}

bool SessionFileActions::saveSession(const QString &path)
{
    QString error;
    if (!SessionFile::save(path, m_model->session(), &error)) {
        Q_EMIT problem(tr("Cannot save session"), error);
        return false;
    }
    m_model->markSaved(QFileInfo(path).absoluteFilePath());
    m_recent->add(path);
    Q_EMIT done(tr("Saved the run to %1").arg(QFileInfo(path).absoluteFilePath()));
    return true;
}

void SessionFileActions::saveAs()
{
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save session"), suggestedPath(QStringLiteral("json")),
                                                      tr("SocketScope sessions (*.json)"));
    if (!path.isEmpty())
        saveSession(path);
}

bool SessionFileActions::exportCsv(const QString &path)
{
    QString error;
    if (!SampleCsv::save(path, m_model->session().samples, &error)) {
        Q_EMIT problem(tr("Cannot export CSV"), error);
        return false;
    }
    Q_EMIT done(tr("Wrote %1 samples to %2").arg(m_model->session().samples.size()).arg(QFileInfo(path).absoluteFilePath()));
    return true;
}

bool SessionFileActions::exportHtml(const QString &path)
{
    QString error;
    const ReportExporter::Run compared{isComparing() ? &m_comparison->session() : nullptr, comparisonName()};
    if (!ReportExporter::saveHtmlReport({&m_model->session(), sessionName()}, compared, m_charts, path, &error)) {
        Q_EMIT problem(tr("Cannot export the report"), error);
        return false;
    }
    Q_EMIT done(tr("Wrote the report to %1").arg(QFileInfo(path).absoluteFilePath()));
    return true;
}

bool SessionFileActions::exportChartImages(const QString &dir, QStringList *written)
{
    QString error;
    const QString stem = QFileInfo(suggestedPath(QStringLiteral("png"))).completeBaseName();
    if (!ReportExporter::saveChartImages(m_charts, dir, stem, written, &error)) {
        Q_EMIT problem(tr("Cannot export chart images"), error);
        return false;
    }
    Q_EMIT done(tr("Wrote %1 chart images to %2 (%3-*.png)").arg(written->size()).arg(QDir(dir).absolutePath(), stem));
    return true;
}

bool SessionFileActions::confirmDiscard(const QString &question)
{
    if (m_headless || !m_model->isModified() || m_model->session().samples.isEmpty())
        return true;
    const auto answer = QMessageBox::question(m_window, tr("Unsaved run"), question,
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save) {
        saveAs();
        return !m_model->isModified();
    }
    return answer == QMessageBox::Discard;
}

QString SessionFileActions::sessionName() const
{
    if (!m_model->filePath().isEmpty())
        return QFileInfo(m_model->filePath()).fileName();
    if (m_model->session().samples.isEmpty())
        return m_busy && m_busy() ? tr("Starting run") : tr("No run yet");
    return tr("Unsaved run of %1").arg(QDateTime::fromMSecsSinceEpoch(m_model->startedAtMs()).toString(QStringLiteral("HH:mm:ss")));
}

QString SessionFileActions::comparisonName() const
{
    return QFileInfo(m_comparisonPath).fileName();
}
