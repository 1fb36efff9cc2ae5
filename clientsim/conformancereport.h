#pragma once

#include "conformancerunner.h"

#include <sessionfile.h>

// What `socketscope-load --conformance` prints and saves: a table with a line per case (and what
// was sent, expected and received for each failure), and a session file whose summary holds every
// case, so the console shows the same table.
class ConformanceReport
{
public:
    static QString table(const QUrl &url, const QVector<ConformanceResult> &results);
    static SessionEvent event(const ConformanceResult &result);
    static Session session(const QUrl &url, const QVector<ConformanceResult> &results);
};
