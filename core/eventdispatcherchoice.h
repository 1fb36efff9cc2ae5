#pragma once

#include <QtGlobal>

// Qt's default GLib event dispatcher keeps socket notifiers in lists it walks on every change, and
// every write toggles a write notifier: with 1,000 sockets per thread that is most of the CPU.
// Qt's own UNIX dispatcher does not; measured here with 1,000 echo connections, server and load
// each pinned to one core: 45,200 msg/s with GLib, 70,500 with QT_NO_GLIB=1 in both (docs/BENCHMARKS.md).
// Call first thing in main(), before the QCoreApplication; a QT_NO_GLIB the user set wins.
inline void preferUnixEventDispatcher()
{
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
}
