#pragma once

#include "agentsessions.h"

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class AgentFields;
class ReconnectFields;

// What load to put on the server: target, scenario, connections and ramp, pacing (closed loop
// window or open loop rate; publishers and publishes/s for broadcast), payload, duration and
// thresholds, plus named profiles kept in QSettings. Produces socketscope-load's command line and
// checks every field before anything starts.
class LoadPanel : public QWidget
{
    Q_OBJECT
public:
    // 20 publishes/s to the default 1,000 subscribers: 20,000 deliveries/s, well within a 2-core laptop.
    static constexpr int kDefaultPublishesPerSec = 20;

    explicit LoadPanel(QWidget *parent = nullptr);

    // socketscope-load flags; defaultTarget is used when the target field is empty.
    QStringList arguments(const QString &defaultTarget) const;
    QString scenario() const;
    QString target() const; // empty: the embedded server
    AgentPlan agentPlan() const; // the socketscope-load agents sharing the load, and where they run
    double durationSec() const;
    // Empty when the form can run; otherwise what to fix.
    QString validationError() const;

    QJsonObject toJson() const;
    void fromJson(const QJsonObject &json);

    void setRunning(bool running);
    void setDefaultTargetHint(const QString &hint);
    void setProfiles(const QJsonObject &profiles, const QString &current);
    // The scenario file choice: what the Scenario tab holds (its file, or empty while untitled) and
    // its validation problem, empty when valid; Start refuses an invalid one.
    void setScenarioFile(const QString &path, const QString &problem);
    void useScenarioFile(); // choose "Scenario file…" in the list
    bool isScenarioFile() const;
    QJsonObject profiles() const { return m_profiles; }
    QString currentProfile() const;

Q_SIGNALS:
    void startRequested();
    void stopRequested();
    void scenarioChanged();
    void profilesChanged(const QJsonObject &profiles);
    void scenarioFileChosen(const QString &path); // picked here or restored from settings: open it in the editor

private:
    QWidget *addField(QGridLayout *grid, int row, int column, const QString &label, QWidget *field, int span = 1);
    void setTooltips();
    void saveProfile();
    void deleteProfile();
    void updateEnabled();
    void chooseScenarioFile();
    void showScenarioProblem();

    QLineEdit *m_target;
    QComboBox *m_scenario;
    QSpinBox *m_connections;
    QSpinBox *m_ramp;
    QSpinBox *m_threads;
    QRadioButton *m_closedLoop;
    QRadioButton *m_openLoop;
    QSpinBox *m_window;
    QSpinBox *m_rate;
    QSpinBox *m_publishers;
    QSpinBox *m_publishRate;
    QSpinBox *m_churn;
    QSpinBox *m_size;
    QCheckBox *m_binary;
    QCheckBox *m_insecure;
    QDoubleSpinBox *m_duration;
    QLineEdit *m_thresholds;
    ReconnectFields *m_reconnect;
    AgentFields *m_agents;
    QComboBox *m_profileBox;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_problem;
    QList<QWidget *> m_echoOnly; // the pacing row and its label
    QList<QWidget *> m_broadcastOnly; // the publishers row and its label
    QList<QWidget *> m_builtInOnly; // the payload row and its label: a scenario file says what it sends
    QList<QWidget *> m_fileOnly; // the scenario file row and its label
    QLabel *m_scenarioFileName;
    QString m_scenarioPath;
    QString m_scenarioProblem;
    QJsonObject m_profiles;
    bool m_running = false;
};
