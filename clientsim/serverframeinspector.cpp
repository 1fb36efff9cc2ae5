#include "serverframeinspector.h"

#include <epolleventdispatcher.h>
#include <wireframe.h>

#include <QSslSocket>
#include <QThread>

#include <sys/socket.h>

#include <memory>

namespace {

struct InspectionState
{
    QPointer<QTcpSocket> socket;
    int fd = -1;
    std::function<void()> onViolation;
    quint64 payloadToSkip = 0;
    QByteArray partialHeader;
    int framesSeen = 0;
};

EpollEventDispatcher *dispatcher()
{
    return qobject_cast<EpollEventDispatcher *>(QThread::currentThread()->eventDispatcher());
}

// Walks the new bytes frame header by frame header; true when the inspection is over.
bool inspect(InspectionState &s)
{
    if (!s.socket || s.socket->socketDescriptor() != s.fd)
        return true;
    char peeked[65536];
    const ssize_t n = recv(s.fd, peeked, sizeof peeked, MSG_PEEK | MSG_DONTWAIT);
    if (n <= 0)
        return false;
    if (n == sizeof peeked)
        return true; // Qt may read more than we saw: positions would drift, so stop rather than guess
    QByteArray bytes = s.partialHeader + QByteArray::fromRawData(peeked, int(n));
    s.partialHeader.clear();
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        if (s.payloadToSkip > 0) {
            const quint64 skip = qMin<quint64>(s.payloadToSkip, quint64(bytes.size() - pos));
            pos += qsizetype(skip);
            s.payloadToSkip -= skip;
            continue;
        }
        WireFrame::Header h;
        if (!WireFrame::readHeader(bytes.constData() + pos, bytes.size() - pos, &h)) {
            s.partialHeader = bytes.mid(pos); // the rest of it comes with the next bytes
            break;
        }
        if (h.masked) {
            s.onViolation();
            return true;
        }
        pos += h.bytes;
        s.payloadToSkip = h.length;
        if (++s.framesSeen >= ServerFrameInspector::kFramesChecked)
            return true;
    }
    return false;
}

} // namespace

bool ServerFrameInspector::attach(QTcpSocket *socket, std::function<void()> onViolation)
{
    EpollEventDispatcher *d = dispatcher();
    if (!d || !socket || qobject_cast<QSslSocket *>(socket) || socket->socketDescriptor() < 0)
        return false;
    auto state = std::make_shared<InspectionState>();
    state->socket = socket;
    state->fd = int(socket->socketDescriptor());
    state->onViolation = std::move(onViolation);
    d->setReadInspector(state->fd, [state, d] {
        if (inspect(*state))
            d->clearReadInspector(state->fd); // destroys this lambda: touch nothing after it
    });
    return true;
}
