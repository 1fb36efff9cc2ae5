#pragma once

#include <sessionfile.h>

#include <QString>

// The status bar's one line. While a run is live: the newest second (connections per worker,
// msg/s, p99, memory, errors); afterwards: the whole run's headline figures.
class StatusHeadline
{
public:
    static QString text(const Session &session, bool live);
};
