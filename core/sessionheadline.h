#pragma once

#include "sessionfile.h"

#include <QString>
#include <QVector>

// The handful of numbers a person reads first about a run: what the status bar shows live, what
// Compare puts side by side and what the HTML report leads with.
struct SessionHeadline
{
    enum class Better { Higher, Lower, Neither };
    struct Figure
    {
        QString label;
        QString unit;
        double value = 0;
        Better better = Better::Higher;
    };

    double durationSec = 0;
    quint64 peakConnections = 0; // the server's count when it was sampled, else the load's
    double messagesPerSec = 0; // received by the load generator, over the run
    double p99Ms = 0; // of the whole run when the summary has it, else the worst second
    quint64 errors = 0;
    double errorPercent = 0;
    double serverRssPeakMiB = 0; // the embedded server's, or the watched target's (--pid)
    double loadRssPeakMiB = 0;
    double bytesPerConnection = 0; // server RSS above its idle RSS / connections, at peak connections

    static SessionHeadline of(const Session &session);
    QVector<Figure> figures() const;
};
