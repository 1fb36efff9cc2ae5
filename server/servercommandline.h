#pragma once

#include "serverconfig.h"

#include <QStringList>

#include <optional>

// socketscope-server's flags, parsed into a ServerConfig. parse() fails with one readable line.
struct ServerCommandLine
{
    ServerConfig config;
    bool jsonSamples = false;
    double durationSec = 0; // 0 = until SIGINT/SIGTERM

    enum class Outcome { Run, ShowHelp, UsageError };
    static Outcome parse(const QStringList &arguments, ServerCommandLine *out, QString *message);
};
