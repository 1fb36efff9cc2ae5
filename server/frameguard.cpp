#include "frameguard.h"

#include <QTcpSocket>
#include <QtEndian>

namespace {

enum OpCode { Continuation = 0x0, Text = 0x1, Binary = 0x2 };

struct FrameHeader
{
    bool fin = false;
    int rsv = 0;
    int opcode = 0;
    bool masked = false;
    quint64 length = 0;
    int bytes = 0; // the header's own size, mask key included
    const char *key = nullptr;
};

// False while the header has not fully arrived.
bool parseHeader(const char *p, qint64 available, FrameHeader *h)
{
    if (available < 2)
        return false;
    const auto *b = reinterpret_cast<const uchar *>(p);
    h->fin = b[0] & 0x80;
    h->rsv = (b[0] >> 4) & 7;
    h->opcode = b[0] & 0x0f;
    h->masked = b[1] & 0x80;
    h->length = b[1] & 0x7f;
    h->bytes = 2;
    if (h->length == 126) {
        if (available < 4)
            return false;
        h->length = qFromBigEndian<quint16>(b + 2);
        h->bytes = 4;
    } else if (h->length == 127) {
        if (available < 10)
            return false;
        h->length = qFromBigEndian<quint64>(b + 2);
        h->bytes = 10;
    }
    if (h->masked) {
        if (available < h->bytes + 4)
            return false;
        h->key = p + h->bytes;
        h->bytes += 4;
    }
    return true;
}

void putBack(QTcpSocket *socket, const QByteArray &bytes)
{
    for (qsizetype i = bytes.size() - 1; i >= 0; --i)
        socket->ungetChar(bytes.at(i));
}

// One masked frame with a zero key: QtWebSockets unmasks it to the same bytes.
QByteArray wholeTextFrame(const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x80 | Text));
    const qsizetype n = payload.size();
    if (n < 126) {
        frame.append(char(0x80 | n));
    } else if (n <= 0xffff) {
        frame.append(char(0x80 | 126));
        char length[2];
        qToBigEndian<quint16>(quint16(n), length);
        frame.append(length, 2);
    } else {
        frame.append(char(0x80 | 127));
        char length[8];
        qToBigEndian<quint64>(quint64(n), length);
        frame.append(length, 8);
    }
    frame.append(4, '\0');
    return frame + payload;
}

} // namespace

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
                FrameHeader h;
                if (!parseHeader(seen.constData() + pos, available - pos, &h))
                    break;
                if (!h.masked) {
                    reject(1002, QStringLiteral("unmasked_frame"), QStringLiteral("client frames must be masked"));
                    return;
                }
                if (h.opcode == Text && !h.fin && !m_binaryInProgress) {
                    m_collectingText = true;
                    m_textMessage.clear();
                    if (!takeOverFragments(seen, pos))
                        return;
                    pos = -1;
                    break;
                }
                if (h.opcode == Binary)
                    m_binaryInProgress = !h.fin;
                else if (h.opcode == Continuation && h.fin)
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
        FrameHeader h;
        if (!parseHeader(m_heldBack.constData(), m_heldBack.size(), &h))
            break;
        if (!h.masked) {
            reject(1002, QStringLiteral("unmasked_frame"), QStringLiteral("client frames must be masked"));
            return false;
        }
        const bool control = h.opcode & 0x8;
        const bool first = m_textMessage.isEmpty() && h.opcode == Text;
        if (!control && ((h.opcode != Continuation && !first) || h.rsv != 0)) {
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
        forQt += wholeTextFrame(m_textMessage);
        m_textMessage.clear();
        m_collectingText = false;
    }
    m_inspected = forQt.size();
    if (finished) {
        // What followed the message goes back too, not yet inspected.
        forQt += m_heldBack;
        m_heldBack.clear();
    }
    putBack(m_socket, forQt);
    m_bufferedAtLastLook = m_socket->bytesAvailable();
    if (finished && m_socket->bytesAvailable() > m_inspected)
        inspect();
    return true;
}

void FrameGuard::reject(int closeCode, const QString &kind, const QString &reason)
{
    m_failed = true;
    m_socket->readAll(); // QtWebSockets must not act on the offending frame or anything after it
    QByteArray payload(2, '\0');
    qToBigEndian<quint16>(quint16(closeCode), payload.data());
    payload += reason.toUtf8().left(123);
    QByteArray frame;
    frame.append(char(0x88));
    frame.append(char(payload.size()));
    m_socket->write(frame + payload);
    m_socket->disconnectFromHost(); // sends the close frame first
    Q_EMIT rejected(closeCode, kind);
}
