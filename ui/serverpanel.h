#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStackedWidget;

// Where the load goes: SocketScope's own server started as a child process (listen address,
// workers, heartbeats, limits), or a server already running elsewhere that we only watch: its URL,
// optional PID (RSS, CPU, threads and open files from /proc), optional /metrics URL and the
// series of it to chart.
class ServerPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ServerPanel(QWidget *parent = nullptr);

    bool isAttached() const;
    // socketscope-server flags for the embedded server.
    QStringList arguments() const;
    // Server processes sharing the port (--reuseport); more than one also runs a redis-server bus.
    int processes() const;
    QString attachedUrl() const;
    qint64 attachedPid() const;
    QString attachedMetricsUrl() const;
    // Empty when the fields of the chosen mode can run; otherwise what to fix.
    QString validationError() const;

    QJsonObject toJson() const;
    void fromJson(const QJsonObject &json);

    void setRunning(bool running);
    void setListening(const QString &url);

Q_SIGNALS:
    void startRequested();
    void stopRequested();
    void modeChanged(bool attached);

private:
    QWidget *embeddedPage();
    QWidget *attachPage();
    void updateState();

    QRadioButton *m_embedded;
    QRadioButton *m_attach;
    QStackedWidget *m_pages;
    QLineEdit *m_listen;
    QSpinBox *m_port;
    QSpinBox *m_workers;
    QSpinBox *m_processes;
    QDoubleSpinBox *m_pingInterval;
    QDoubleSpinBox *m_pingTimeout;
    QSpinBox *m_maxConnections;
    QSpinBox *m_maxMessageKiB;
    QLineEdit *m_attachUrl;
    QLineEdit *m_attachPid;
    QLineEdit *m_attachMetrics;
    QLineEdit *m_attachSeries;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_state;
    QTimer m_uptimeTimer;
    QElapsedTimer m_uptime;
    QString m_listeningUrl;
    bool m_running = false;
};
