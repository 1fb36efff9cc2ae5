#pragma once

#include <QtGlobal>
#include <QElapsedTimer>

// What /proc says about one process at one moment.
struct ProcessSnapshot
{
    qint64 rssBytes = 0;
    double cpuPercent = 0; // of one core; 200 means two cores busy
    double cpuSeconds = 0; // user + system since the process started
    int threads = 0;
    int openFds = 0;
    bool valid = false; // false when the process is gone or /proc is unreadable
};

// Reads RSS, CPU, threads and open descriptors of a process from /proc.
// CPU % is measured between two calls of read() at least 0.25 s apart, so keep one reader per process.
class ProcessStatsReader
{
public:
    explicit ProcessStatsReader(qint64 pid = 0); // 0 = this process
    qint64 pid() const { return m_pid; }
    ProcessSnapshot read();

private:
    qint64 m_pid;
    double m_lastCpuSeconds = -1;
    double m_lastCpuPercent = 0;
    QElapsedTimer m_sinceLastRead;
};
