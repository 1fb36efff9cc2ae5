#pragma once

#include <latencyhistogram.h>

#include <QMap>
#include <QMetaType>
#include <QString>

// What one load thread counted: totals since the start plus the latencies of the last interval.
// Built in the worker's thread and handed to the engine by value.
struct WorkerSnapshot
{
    int worker = 0;
    quint64 open = 0;
    quint64 connecting = 0;
    quint64 opened = 0; // handshakes completed, total
    quint64 failed = 0; // connects or handshakes that failed, total
    quint64 messagesSent = 0;
    quint64 messagesReceived = 0;
    quint64 bytesSent = 0;
    quint64 bytesReceived = 0;
    quint64 lost = 0; // gaps in a sender's sequence
    quint64 duplicates = 0; // a sequence number seen again or out of order
    quint64 unmatched = 0; // messages that are not this run's stamped ones (a server's own pushes)
    quint64 reconnecting = 0; // connections waiting for or making a reconnect attempt, now
    quint64 reconnects = 0; // reconnect attempts that opened, total
    quint64 reconnectGiveUps = 0; // connections that used up their retries, total
    QMap<QString, quint64> errors;
    QMap<int, quint64> closeCodes;
    LatencyHistogram latency; // this interval only
    LatencyHistogram reconnectTime; // drop to reopened, this interval only

    void add(const WorkerSnapshot &other); // for totals across workers; merges latency too
};

Q_DECLARE_METATYPE(WorkerSnapshot)
