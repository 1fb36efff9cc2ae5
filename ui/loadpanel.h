#pragma once

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

// What load to put on the server: target, scenario, connections and ramp, pacing (closed loop
// window or open loop rate), payload, duration and thresholds, plus named profiles kept in
// QSettings. Produces socketscope-load's command line; checks thresholds before anything starts.
class LoadPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LoadPanel(QWidget *parent = nullptr);

    // socketscope-load flags; defaultTarget is used when the target field is empty.
    QStringList arguments(const QString &defaultTarget) const;
    QString scenario() const;
    QString target() const; // empty: the embedded server
    // Empty when the form can run; otherwise what to fix.
    QString validationError() const;

    QJsonObject toJson() const;
    void fromJson(const QJsonObject &json);

    void setRunning(bool running);
    void setDefaultTargetHint(const QString &hint);
    void setProfiles(const QJsonObject &profiles, const QString &current);
    QJsonObject profiles() const { return m_profiles; }
    QString currentProfile() const;

Q_SIGNALS:
    void startRequested();
    void stopRequested();
    void profilesChanged(const QJsonObject &profiles);

private:
    void saveProfile();
    void deleteProfile();
    void updateEnabled();

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
    QSpinBox *m_churn;
    QSpinBox *m_size;
    QCheckBox *m_binary;
    QCheckBox *m_insecure;
    QDoubleSpinBox *m_duration;
    QLineEdit *m_thresholds;
    QComboBox *m_profileBox;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_problem;
    QJsonObject m_profiles;
    bool m_running = false;
};
