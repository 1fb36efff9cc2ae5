#pragma once

#include <sessionheadline.h>

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

// The Summary tab: the run's verdict with every threshold and its measured value, warnings
// about what the figures cannot be trusted for, the headline figures (with a compared run side by
// side and the change from A to B, coloured by whether it is better; then a scenario file's named
// latencies and counters), and the run's settings.
class ComparePanel : public QWidget
{
    Q_OBJECT
public:
    explicit ComparePanel(QWidget *parent = nullptr);

    void showRun(const Session &a, const QString &aName, bool live);
    void showComparison(const Session &a, const QString &aName, const Session &b, const QString &bName);

    QTableWidget *table() const { return m_table; }
    QTableWidget *settingsTable() const { return m_settings; }
    QString captionText() const;

Q_SIGNALS:
    // "Use these settings": fill the panels from a session's config.
    void useSettingsRequested(const QJsonObject &config);

private:
    void showSettings(const Session &session);
    int addVerdictRows(const Session &session, int column, int row);

    QLabel *m_caption;
    QTableWidget *m_table;
    QTableWidget *m_settings;
    QPushButton *m_useSettings;
    QJsonObject m_shownConfig;
};
