#pragma once

#include "sessionfile.h"

#include <QStringList>

// How a run was set up, read the same way from the console's session files ("server" and "load"
// panels) and from socketscope-load's (one flat object): what the derived figures need to judge
// a run against what was asked of it.
struct RunConfig
{
    QString scenario; // "echo", "broadcast", "idle", "file"
    QString scenarioFile; // a scenario file's name, its whole text as it ran and its data.csv's name
    QString scenarioText;
    QString scenarioCsv;
    quint64 connections = 0;
    double ratePerSec = 0; // open loop: messages/s in total; broadcast: publishes/s; 0 = closed loop
    double durationSec = 0;
    int loadThreads = 0; // 0 = one per core
    int serverWorkers = 0; // 0 = one per core, or not SocketScope's server
    int cores = 0; // of the machine that ran it; 0 = not recorded
    bool attached = false; // the server was not started by the console
    QString targetUrl;
    qint64 targetPid = 0;
    QString metricsUrl;
    QStringList pickedSeries; // names of the target's /metrics series to chart; empty = by name
    qint64 serverIdleRssBytes = 0; // the server (or attached target) before the load; 0 = unknown
    QStringList thresholds;

    static RunConfig of(const Session &session);
    // Deliveries a second the run asked for: the open-loop rate, times the subscribers for broadcast.
    double askedDeliveriesPerSec() const;
};
