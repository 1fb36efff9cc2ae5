#pragma once

#include "runhealth.h"
#include "sessionfile.h"

#include <QStringList>
#include <QVector>

// PASS or FAIL of a run, with every threshold and what was measured: what the window's banner,
// the summary table, the HTML report and the headless run print. A run whose server died fails
// whatever its thresholds say; one whose load never finished cannot be judged.
struct Verdict
{
    enum class Outcome { None, Pass, Fail, Incomplete };
    struct Check
    {
        QString threshold; // as written: "p99<50ms"
        QString measured; // "12.3 ms"; empty when unreadable or not measured
        bool passed = false;
        QString error; // a threshold that does not parse
    };

    Outcome outcome = Outcome::None; // None: no thresholds and nothing failed
    QVector<Check> checks;
    QStringList failures; // one line per reason the run failed, in the order a reader wants them

    static Verdict of(const Session &session, const RunHealth &health);
    QString word() const; // "PASS", "FAIL", "INCOMPLETE" or ""
    // "FAIL: p99<50ms measured 62.1 ms"; "PASS: 2 of 2 thresholds"; "" for None.
    QString summaryLine() const;
};
