#pragma once

#include <QObject>
#include <QString>

class MainWindow;

// The console without a display: runs the default session for a bounded time through the same
// window (never shown), then writes the session file and a PNG of the charts and prints their paths.
class HeadlessRun : public QObject
{
    Q_OBJECT
public:
    HeadlessRun(MainWindow *window, double durationSec, const QString &outputDir, QObject *parent = nullptr);

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void writeResults();

    MainWindow *m_window;
    double m_durationSec;
    QString m_outputDir;
    bool m_done = false;
};
