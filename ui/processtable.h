#pragma once

#include <metricsample.h>

#include <QTableWidget>

class RunController;

// Every child process of the run on its own: each server process of a group and each load
// agent (or the single server and load) with its PID, state, connections, message rate, memory
// and CPU from its latest sample. The charts show the group's sums; this is their breakdown.
class ProcessTable : public QTableWidget
{
    Q_OBJECT
public:
    enum Column { Process, Pid, State, Connections, MessagesPerSec, RssMiB, CpuPercent, ColumnCount };

    // Rows appear with each process's first sample; clear them (setRowCount(0)) for a new run.
    explicit ProcessTable(RunController *run, QWidget *parent = nullptr);

    int rowOf(const QString &source, int member) const; // -1 if it has none yet

private:
    void showSample(const QString &source, int member, const MetricSample &sample);
    void showState(const QString &source, int member, const QString &state);
    int ensureRow(const QString &source, int member);
    void setText(int row, int column, const QString &text);

    RunController *m_run;
};
