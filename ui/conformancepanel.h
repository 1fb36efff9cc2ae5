#pragma once

#include <QJsonArray>
#include <QWidget>

#include <functional>

class EngineProcess;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

// The Conformance tab: runs `socketscope-load --conformance` against the current target and shows
// each RFC 6455 case (pass/fail, section, what was sent, expected and received). A saved
// conformance report (a session whose summary holds "conformance") shows here too.
class ConformancePanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConformancePanel(QWidget *parent = nullptr);

    // Asked at each run for the URL to check (the console's current target); empty = none yet.
    void setTargetProvider(std::function<QString()> provider) { m_targetProvider = std::move(provider); }
    void run();
    bool isRunning() const;
    void showCases(const QJsonArray &cases);
    QTableWidget *table() const { return m_table; }
    QString summaryText() const;

Q_SIGNALS:
    void finished(int failedCases);

private:
    void addRow(const QJsonObject &result);

    std::function<QString()> m_targetProvider;
    EngineProcess *m_process;
    QPushButton *m_run;
    QSpinBox *m_maxMessageKiB;
    QLabel *m_summary;
    QTableWidget *m_table;
    int m_failed = 0;
    int m_total = 0;
};
