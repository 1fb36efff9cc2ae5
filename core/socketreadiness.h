#pragma once

#include <QString>

class QAbstractSocket;

// For diagnostics of a connection that looks silent: whether Qt's socket engine wants read
// notifications, and whether the thread's epoll dispatcher has that very notifier on the socket's
// descriptor in the kernel's set. Reads Qt's private socket engine (qt6-base-private-dev).
QString describeReadiness(QAbstractSocket *socket);
