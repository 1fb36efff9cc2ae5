#pragma once

#include "runhealth.h"
#include "sessionfile.h"

#include <QString>
#include <QVector>

#include <optional>

// The handful of numbers a person reads first about a run: what the status bar shows, what
// Compare puts side by side and what the HTML report leads with. Rates leave dead time out
// (RunHealth); memory per connection is ConnectionMemory's, at the peak.
struct SessionHeadline
{
    enum class Better { Higher, Lower, Neither };
    struct Figure
    {
        QString label;
        QString unit;
        double value = 0;
        Better better = Better::Higher;
        bool known = true; // false: no meaningful value (shown as "n/a", never compared)

        QString text() const; // "31,222 msg/s", "22.5 ms", "n/a"
    };
    enum class Change { Same, Better, Worse, Unrated };
    struct Comparison
    {
        QString text; // "+12.5 %", "=", or "" when there is no meaningful ratio
        Change change = Change::Unrated;
    };
    // B against A: the change in percent and whether it is for the better.
    static Comparison compare(const Figure &a, const Figure &b);

    double durationSec = 0;
    double liveSec = 0; // durationSec without the dead time: what messagesPerSec divides by
    quint64 peakConnections = 0; // the server's count when it was sampled, else the load's
    double messagesPerSec = 0; // received by the load generator, per second of live time
    double p99Ms = 0; // of the whole run when the summary has it, else the worst second
    quint64 errors = 0;
    double errorPercent = 0;
    quint64 abnormalCloses = 0; // closes other than 1000/1001, and the connections a dead server held
    double serverRssPeakMiB = 0; // the embedded server's, or the watched target's (--pid)
    double loadRssPeakMiB = 0;
    std::optional<double> bytesPerConnection; // above the idle server, at peak connections

    static SessionHeadline of(const Session &session);
    static SessionHeadline of(const Session &session, const RunHealth &health);
    QVector<Figure> figures() const;
    // A scenario file's named metrics (matches, timeouts, p50/p99/max) and counters, by name:
    // over the whole run once the summary has them, else (live) the totals of the last load sample.
    static QVector<Figure> namedFigures(const Session &session);
};
