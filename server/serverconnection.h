#pragma once

#include "heartbeatsweeper.h"

#include <QByteArray>

#include <vector>

class QTcpSocket;
class QWebSocket;

// One open WebSocket connection of a worker: what the worker, its fan-out and its sweep keep.
struct ServerConnection
{
    QWebSocket *socket = nullptr;
    QTcpSocket *tcp = nullptr; // the socket under it, owned by it
    bool subscriber = false;
    int subscriberIndex = -1; // in SubscriberFanout's list
    bool awaitingFlush = false; // broadcast frames queued in pendingFrames, not yet written
    bool plainTcp = false; // no TLS: the fan-out may write frames to the descriptor itself
    std::vector<QByteArray> pendingFrames; // broadcast frames of this pass, shared with every subscriber
    qint64 pendingBytes = 0;
    bool usedSinceSweep = false; // read or written since the last sweep: may keep buffer chunks
    qint64 closingSinceMs = -1;
    bool socketFailed = false;
    int closedByGuard = 0; // the close code FrameGuard sent, 0 if it did not step in
    HeartbeatState heartbeat;
};
