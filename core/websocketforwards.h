#pragma once

class QObject;

// QtWebSockets 6.4 re-emits, as signals of QWebSocket, every bytesWritten of its TCP socket and
// every frame its data processor parses (textFrameReceived, binaryFrameReceived). Nothing in
// SocketScope listens to those, yet each re-emission walks the signal machinery of one more
// object per message: cutting them gave 5-12 % more messages per server CPU-second
// (docs/BENCHMARKS.md). Messages, pings, pongs and closes are untouched.
// Returns how many of the three forwards it cut: 3 on the Qt this was written for; fewer means
// QtWebSockets changed its wiring and the cut should be looked at again (tst_websocketforwards).
int cutUnusedWebSocketForwards(QObject *webSocket, QObject *tcpSocket);
