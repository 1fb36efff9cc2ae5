#pragma once

#include <QStringList>

// `socketscope report SESSION [COMPARE] -o report.html`: the HTML report of a saved run (or of two,
// compared) without a window, for CI artifacts as Gatling and JMeter write theirs. Exit codes: 0
// written, 1 a session that cannot be read or a report that cannot be written, 2 bad usage.
class ReportCommand
{
public:
    static bool isReport(int argc, char *argv[]);
    // Needs a QApplication (offscreen will do): the charts are drawn as they are in the window.
    static int run(const QStringList &arguments);
};
