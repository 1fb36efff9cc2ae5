#pragma once

#include <QElapsedTimer>
#include <QProgressBar>
#include <QTimer>

// Elapsed and remaining time of the running load, in the status bar: "0:12 of 0:30, 0:18 left".
// Past its duration (the load is closing, or the machine lags) it says so instead of sitting at 100 %.
class RunProgress : public QProgressBar
{
    Q_OBJECT
public:
    explicit RunProgress(QWidget *parent = nullptr);

    void start(double durationSec);
    void stop();

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_elapsed;
    double m_durationSec = 0;
};
