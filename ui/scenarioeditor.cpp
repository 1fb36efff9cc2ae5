#include "scenarioeditor.h"

#include "codeeditor.h"
#include "consolesettings.h"

#include <scenariofile.h>
#include <scenarioprogram.h>

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QTemporaryFile>
#include <QVBoxLayout>

namespace {

// Only templates need a target while checking; the run renders the real one.
const QByteArray kCheckTarget = QByteArrayLiteral("ws://127.0.0.1/");

} // namespace

ScenarioEditor::ScenarioEditor(QWidget *parent)
    : QWidget(parent)
    , m_editor(new CodeEditor)
    , m_title(new QLabel)
    , m_status(new QLabel)
    , m_run(new QPushButton(tr("Run")))
{
    m_editor->setObjectName(QStringLiteral("scenarioText"));
    m_status->setObjectName(QStringLiteral("scenarioStatus"));
    m_run->setObjectName(QStringLiteral("scenarioRunButton"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_editor->setPlaceholderText(tr("A scenario file (YAML): connect, data, on, steps. Open one, or see "
                                    "docs/scenario-format.md and resources/scenarios/."));
    auto *open = new QPushButton(tr("Open…"));
    auto *saveButton = new QPushButton(tr("Save"));
    auto *saveAsButton = new QPushButton(tr("Save As…"));
    open->setToolTip(tr("Open a scenario file (YAML or JSON)"));
    saveButton->setToolTip(tr("Save the text to its file"));
    m_run->setToolTip(tr("Run this text as the load (Start Server and Load with the Load panel's connections and duration)"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_title, 1);
    for (QPushButton *b : {open, saveButton, saveAsButton, m_run})
        bar->addWidget(b);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(3);
    layout->addLayout(bar);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_status);

    m_typing.setSingleShot(true);
    m_typing.setInterval(kValidateAfterMs);
    connect(&m_typing, &QTimer::timeout, this, &ScenarioEditor::validateNow);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] { m_typing.start(); });
    connect(m_editor->document(), &QTextDocument::modificationChanged, this, &ScenarioEditor::showState);
    connect(open, &QPushButton::clicked, this, &ScenarioEditor::chooseFile);
    connect(saveButton, &QPushButton::clicked, this, &ScenarioEditor::save);
    connect(saveAsButton, &QPushButton::clicked, this, &ScenarioEditor::chooseSaveAs);
    connect(m_run, &QPushButton::clicked, this, [this] {
        validateNow();
        if (isValid())
            Q_EMIT runRequested();
    });
    validateNow();
}

ScenarioEditor::~ScenarioEditor() = default;

bool ScenarioEditor::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_problem = tr("%1: cannot read: %2").arg(path, file.errorString());
        m_problemLine = 0;
        showState();
        Q_EMIT validated(false, m_problem);
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    m_editor->setPlainText(QString::fromUtf8(file.readAll()));
    m_editor->document()->setModified(false);
    validateNow();
    Q_EMIT fileChanged(m_path);
    return true;
}

void ScenarioEditor::setText(const QString &text)
{
    m_path.clear();
    m_editor->setPlainText(text);
    validateNow();
    Q_EMIT fileChanged(m_path);
}

QString ScenarioEditor::text() const
{
    return m_editor->toPlainText();
}

QString ScenarioEditor::fileName() const
{
    return m_path.isEmpty() ? QStringLiteral("untitled.yaml") : QFileInfo(m_path).fileName();
}

bool ScenarioEditor::isModified() const
{
    return m_path.isEmpty() || m_editor->document()->isModified();
}

QString ScenarioEditor::baseDir() const
{
    return m_path.isEmpty() ? QDir::tempPath() : QFileInfo(m_path).path();
}

void ScenarioEditor::validateNow()
{
    m_typing.stop();
    m_problem.clear();
    m_problemLine = 0;
    m_metricNames.clear();
    m_counterNames.clear();
    m_csvName.clear();
    if (text().trimmed().isEmpty()) {
        m_problem = tr("No scenario yet: open a file or type one here.");
    } else if (const auto file = ScenarioFile::parseWithData(text().toUtf8(), fileName(), baseDir(), &m_problem)) {
        if (const auto program = ScenarioProgram::compile(*file, kCheckTarget, ScenarioProgram::processEnvironment, &m_problem)) {
            m_metricNames = program->metricNames();
            m_counterNames = program->counterNames();
            if (!file->spec().csvPath.isEmpty())
                m_csvName = QFileInfo(file->spec().csvPath).fileName();
        }
    }
    static const QRegularExpression position(QStringLiteral(R"(^[^\n]*?:(\d+):(\d+): )"));
    if (m_problem.startsWith(fileName() + QLatin1Char(':'))) {
        const auto m = position.match(m_problem);
        if (m.hasMatch())
            m_problemLine = m.captured(1).toInt();
    }
    m_editor->markLine(m_problemLine);
    showState();
    Q_EMIT validated(isValid(), m_problem);
}

void ScenarioEditor::showState()
{
    const QString name = fileName() + (isModified() && !m_path.isEmpty() ? QStringLiteral(" *") : QString());
    m_title->setText(m_path.isEmpty() ? tr("<b>%1</b> (not saved)").arg(name) : tr("<b>%1</b> in %2").arg(name, QFileInfo(m_path).path().toHtmlEscaped()));
    if (!isValid()) {
        m_status->setStyleSheet(QStringLiteral("color: #c0392b"));
        m_status->setText(m_problem);
    } else {
        m_status->setStyleSheet(QString());
        const QString none = tr("none");
        m_status->setText(tr("Valid. Named latencies: %1. Counters: %2.%3")
                              .arg(m_metricNames.isEmpty() ? none : m_metricNames.join(QStringLiteral(", ")),
                                   m_counterNames.isEmpty() ? none : m_counterNames.join(QStringLiteral(", ")),
                                   m_csvName.isEmpty() ? QString() : tr(" Data: %1.").arg(m_csvName)));
    }
    m_run->setEnabled(isValid() && !m_running);
}

void ScenarioEditor::setRunning(bool running)
{
    m_running = running;
    showState();
}

bool ScenarioEditor::save()
{
    if (m_path.isEmpty()) {
        chooseSaveAs();
        return !m_path.isEmpty() && !m_editor->document()->isModified();
    }
    return saveAs(m_path);
}

bool ScenarioEditor::saveAs(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text().toUtf8()) < 0 || !file.commit()) {
        m_status->setStyleSheet(QStringLiteral("color: #c0392b"));
        m_status->setText(tr("Cannot save %1: %2").arg(path, file.errorString()));
        return false;
    }
    const bool renamed = QFileInfo(path).absoluteFilePath() != m_path;
    m_path = QFileInfo(path).absoluteFilePath();
    m_editor->document()->setModified(false);
    validateNow(); // a relative data.csv now resolves against the new folder
    if (renamed)
        Q_EMIT fileChanged(m_path);
    return true;
}

QString ScenarioEditor::fileToRun(QString *error)
{
    validateNow();
    if (!isValid()) {
        *error = m_problem;
        return {};
    }
    if (!isModified())
        return m_path;
    // Hidden and next to the file, so data.csv resolves as it did while checking; removed on the next run.
    auto copy = std::make_unique<QTemporaryFile>(QDir(baseDir()).filePath(QStringLiteral(".%1-run-XXXXXX.yaml").arg(QFileInfo(fileName()).completeBaseName())));
    if (!copy->open() || copy->write(text().toUtf8()) < 0 || !copy->flush()) {
        *error = tr("Cannot write a copy of the scenario in %1: %2; save it to a folder you can write.").arg(baseDir(), copy->errorString());
        return {};
    }
    m_runCopy = std::move(copy);
    return m_runCopy->fileName();
}

QJsonObject ScenarioEditor::runConfig() const
{
    QJsonObject config{{QStringLiteral("scenarioFile"), fileName()}, {QStringLiteral("scenarioText"), text()}};
    if (!m_csvName.isEmpty())
        config.insert(QStringLiteral("scenarioCsv"), m_csvName);
    return config;
}

void ScenarioEditor::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario file"), QSettings().value(ConsoleSettings::scenarioDirectory()).toString(),
                                                      tr("Scenario files (*.yaml *.yml *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QSettings().setValue(ConsoleSettings::scenarioDirectory(), QFileInfo(path).path());
    openFile(path);
}

void ScenarioEditor::chooseSaveAs()
{
    const QString start = m_path.isEmpty() ? QSettings().value(ConsoleSettings::scenarioDirectory()).toString() : m_path;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save scenario file"), start, tr("Scenario files (*.yaml *.yml *.json)"));
    if (path.isEmpty())
        return;
    QSettings().setValue(ConsoleSettings::scenarioDirectory(), QFileInfo(path).path());
    saveAs(path);
}
