#pragma once

#include <QPointer>
#include <QTcpSocket>

#include <functional>

// Checks the first frames a server sends on one connection for what QtWebSockets 6.4 lets through
// unnoticed: a masked server frame (RFC 6455 5.1: the client MUST then close the connection).
// It peeks at bytes still in the kernel just before Qt reads them (EpollEventDispatcher's read
// inspector). A server either masks or it does not, so the first kFramesChecked frames tell;
// after that it steps aside and costs nothing. Plain ws:// only (wss bytes are encrypted there).
class ServerFrameInspector
{
public:
    static constexpr int kFramesChecked = 16;
    static constexpr const char *kCloseReason = "masked frame from the server (RFC 6455 5.1)";

    // onViolation is called once when the server broke the rule. Returns false when the thread's
    // dispatcher cannot inspect (not epoll) or the socket is TLS. Nothing to detach: an inspector
    // whose socket is gone removes itself at its next call.
    static bool attach(QTcpSocket *socket, std::function<void()> onViolation);
};
