#pragma once

#include <QWidget>

class CodeEditor;
class QLabel;
struct Session;

// The "What ran" tab: the scenario file text a run's config keeps (scenarioText), read-only, so a
// reopened or compared run shows exactly what it sent and awaited, whatever the file says today.
class ScenarioRanView : public QWidget
{
    Q_OBJECT
public:
    explicit ScenarioRanView(QWidget *parent = nullptr);

    // False (and nothing shown) when the run did not come from a scenario file.
    bool showSession(const Session &session, const QString &sessionName);
    QString text() const;

private:
    QLabel *m_caption;
    CodeEditor *m_text;
};
