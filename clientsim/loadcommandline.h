#pragma once

#include "loadconfig.h"

#include <threshold.h>

#include <QHostAddress>
#include <QStringList>
#include <QVector>

// socketscope-load's flags, parsed into a LoadConfig plus what the CLI itself does with results.
struct LoadCommandLine
{
    LoadConfig config;
    QVector<Threshold> thresholds;
    QString outPath; // "-": the session goes down stdout
    bool stopWhenStdinCloses = false;
    bool json = false; // JSON sample lines on stdout even when it is a terminal
    bool quiet = false; // no JSON lines at all
    bool conformance = false; // run the RFC 6455 cases against the URL instead of a load
    qint64 conformanceMaxMessageBytes = 1 << 20; // the server's limit, for the 1009 cases
    bool dryRun = false; // with a scenario file: show what connection 0 would do, open nothing
    qint64 startAtMs = 0; // --start-at: wall-clock ms since the epoch; 0 = at once
    QHostAddress metricsAddress; // --metrics-listen; null = none
    quint16 metricsPort = 0;
    QStringList mergeInputs; // --merge: agents' session files to merge into outPath instead of a load

    bool sessionToStdout() const { return outPath == QLatin1String("-"); }

    // ScenarioError: the message is "file:line:column: what was expected", for editors to jump to.
    enum class Outcome { Run, ShowHelp, UsageError, ScenarioError };
    static Outcome parse(const QStringList &arguments, LoadCommandLine *out, QString *message);
    // "10", "10s", "2m", "1h", "500ms" -> seconds; negative when malformed.
    static double parseDuration(const QString &text);
    // "127.0.0.1:9464", "[::1]:9464" -> address and port (0 = the OS picks); false otherwise.
    static bool parseListenAddress(const QString &text, QHostAddress *address, quint16 *port);
};
