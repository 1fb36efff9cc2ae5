#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <memory>

class CodeEditor;
class QLabel;
class QPushButton;
class QTemporaryFile;

// The Scenario tab: a scenario file's text, checked as it is typed (300 ms after the last key) by
// the same ScenarioFile/ScenarioProgram the load engine runs, with the error's line marked. Run
// hands the engine the text on screen: the file itself when saved, else a hidden copy next to it,
// so a relative data.csv resolves the same way.
class ScenarioEditor : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kValidateAfterMs = 300;

    explicit ScenarioEditor(QWidget *parent = nullptr);
    ~ScenarioEditor() override;

    bool openFile(const QString &path); // false: problem() says why, the text on screen stays
    void setText(const QString &text); // an unsaved, untitled scenario
    QString text() const;
    QString filePath() const { return m_path; } // empty while untitled
    QString fileName() const; // "chat.yaml", or "untitled.yaml"
    bool isModified() const;

    void validateNow(); // what the typing timer does
    bool isValid() const { return m_problem.isEmpty(); }
    QString problem() const { return m_problem; } // "chat.yaml:12:7: expected ...", empty when valid
    int problemLine() const { return m_problemLine; } // 0: none or not in this file
    QStringList metricNames() const { return m_metricNames; }
    QStringList counterNames() const { return m_counterNames; }

    bool save();
    bool saveAs(const QString &path);
    // The file for --scenario-file holding the text on screen; empty with *error when it cannot be written.
    QString fileToRun(QString *error);
    // What the session's load config keeps: scenarioFile, scenarioText and scenarioCsv.
    QJsonObject runConfig() const;
    void setRunning(bool running);

    CodeEditor *editor() const { return m_editor; }
    QPushButton *runButton() const { return m_run; }

Q_SIGNALS:
    void validated(bool valid, const QString &problem);
    void fileChanged(const QString &path); // opened or saved under another name
    void runRequested();

private:
    QString baseDir() const;
    void chooseFile();
    void chooseSaveAs();
    void showState();

    CodeEditor *m_editor;
    QLabel *m_title;
    QLabel *m_status;
    QPushButton *m_run;
    QTimer m_typing;
    QString m_path;
    QString m_problem;
    int m_problemLine = 0;
    QString m_csvName;
    QStringList m_metricNames;
    QStringList m_counterNames;
    std::unique_ptr<QTemporaryFile> m_runCopy;
    bool m_running = false;
};
