#include "frameguard.h"

#include "unreadbytes.h"

#include <wireframe.h>

#include <QTcpSocket>


FrameGuard::FrameGuard(QTcpSocket *socket, qint64 maxMessageBytes)
    : QObject(socket)
    , m_socket(socket)
    , m_maxMessageBytes(maxMessageBytes)
{
    connect(socket, &QTcpSocket::readyRead, this, &FrameGuard::inspect); // runs before QtWebSockets' reader
}

void FrameGuard::activate()
{
    connect(m_socket, &QTcpSocket::readyRead, this, &FrameGuard::afterQtRead); // runs after it
    m_active = true;
    m_bufferedAtLastLook = m_socket->bytesAvailable(); // the upgrade's leftovers are QtWebSockets' business
    m_inspected = m_bufferedAtLastLook;
}

void FrameGuard::afterQtRead()
{
    if (!m_active || m_failed)
        return;
    // Only QtWebSockets' reader consumed bytes since inspect() last ran, and only from the front.
    const qint64 buffered = m_socket->bytesAvailable();
    m_inspected = qMax<qint64>(0, m_inspected - (m_bufferedAtLastLook - buffered));
    m_bufferedAtLastLook = buffered;
}

void FrameGuard::inspect()
{
    if (!m_active)
        return;
    if (m_failed) {
        m_socket->readAll();
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    if (available > m_inspected) {
        // Peek into a buffer reused across calls: no allocation per readyRead on the message path.
        static thread_local QByteArray scratch;
        if (scratch.size() < available)
            scratch.resize(available);
        m_socket->peek(scratch.data(), available);
        const QByteArray seen = QByteArray::fromRawData(scratch.constData(), available);
        if (m_collectingText) {
            if (!takeOverFragments(seen, m_inspected))
                return;
        } else {
            qint64 pos = m_inspected;
            while (pos < available) {
                if (m_payloadToSkip > 0) {
                    const qint64 n = qMin<qint64>(qint64(m_payloadToSkip), available - pos);
                    pos += n;
                    m_payloadToSkip -= n;
                    continue;
                }
                WireFrame::Header h;
                if (!WireFrame::readHeader(seen.constData() + pos, available - pos, &h))
                    break;
                if (!h.masked) {
                    reject(1002, QStringLiteral("unmasked_frame"), QStringLiteral("client frames must be masked"));
                    return;
                }
                if (h.opcode == WireFrame::Text && !h.fin && !m_binaryInProgress) {
                    m_collectingText = true;
                    m_textMessage.clear();
                    if (!takeOverFragments(seen, pos))
                        return;
                    pos = -1;
                    break;
                }
                if (h.opcode == WireFrame::Binary)
                    m_binaryInProgress = !h.fin;
                else if (h.opcode == WireFrame::Continuation && h.fin)
                    m_binaryInProgress = false;
                pos += h.bytes;
                m_payloadToSkip = qint64(h.length);
            }
            if (pos >= 0)
                m_inspected = pos;
        }
    }
    m_bufferedAtLastLook = m_socket->bytesAvailable();
}

// The socket's buffer is `seen`; from fromOffset on it belongs to a fragmented text message (and
// whatever follows). Takes those bytes out, keeps the fragments, gives QtWebSockets back the
// control frames among them and, once the last fragment is in, the whole message as one frame.
bool FrameGuard::takeOverFragments(const QByteArray &seen, qint64 fromOffset)
{
    m_socket->read(seen.size()); // exactly what was peeked: nothing arrives inside this slot
    m_heldBack += seen.mid(fromOffset);
    QByteArray forQt = seen.left(fromOffset);
    bool finished = false;
    while (!finished) {
        WireFrame::Header h;
        if (!WireFrame::readHeader(m_heldBack.constData(), m_heldBack.size(), &h))
            break;
        if (!h.masked) {
            reject(1002, QStringLiteral("unmasked_frame"), QStringLiteral("client frames must be masked"));
            return false;
        }
        const bool control = h.opcode & 0x8;
        const bool first = m_textMessage.isEmpty() && h.opcode == WireFrame::Text;
        if (!control && ((h.opcode != WireFrame::Continuation && !first) || h.rsv != 0)) {
            reject(1002, QStringLiteral("bad_fragment"), QStringLiteral("a new message inside a fragmented one"));
            return false;
        }
        if (!control && qint64(m_textMessage.size() + h.length) > m_maxMessageBytes) {
            reject(1009, QStringLiteral("message_too_big"), QStringLiteral("message too big"));
            return false;
        }
        const qint64 frameBytes = h.bytes + qint64(h.length);
        if (m_heldBack.size() < frameBytes)
            break;
        if (control) {
            forQt += m_heldBack.left(frameBytes);
        } else {
            QByteArray payload = m_heldBack.mid(h.bytes, qsizetype(h.length));
            for (qsizetype i = 0; i < payload.size(); ++i)
                payload[i] = char(payload[i] ^ h.key[i % 4]);
            m_textMessage += payload;
            finished = h.fin;
        }
        m_heldBack.remove(0, frameBytes);
    }
    if (finished) {
        // One masked frame with a zero key: QtWebSockets unmasks it to the same bytes.
        forQt += WireFrame::encodeWithKey(WireFrame::Text, m_textMessage, true, 0);
        m_textMessage.clear();
        m_collectingText = false;
    }
    m_inspected = forQt.size();
    if (finished) {
        // What followed the message goes back too, not yet inspected.
        forQt += m_heldBack;
        m_heldBack.clear();
    }
    unreadBytes(m_socket, forQt);
    m_bufferedAtLastLook = m_socket->bytesAvailable();
    if (finished && m_socket->bytesAvailable() > m_inspected)
        inspect();
    return true;
}

void FrameGuard::reject(int closeCode, const QString &kind, const QString &reason)
{
    m_failed = true;
    m_socket->readAll(); // QtWebSockets must not act on the offending frame or anything after it
    // A server frame: unmasked; a control frame: at most 125 payload bytes, 2 of them the code.
    m_socket->write(WireFrame::encode(WireFrame::Close, WireFrame::closePayload(closeCode, reason.toUtf8().left(123)), true, false));
    m_socket->disconnectFromHost(); // sends the close frame first
    Q_EMIT rejected(closeCode, kind);
}
