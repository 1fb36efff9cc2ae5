#include "frameguard.h"

#include "logging.h"

#include <socketbuffers.h>
#include <wireframe.h>

#include <QAbstractSocket>

FrameGuard::FrameGuard(QIODevice *socket, qint64 maxMessageBytes)
    : QObject(socket)
    , m_socket(socket)
    , m_parser(maxMessageBytes)
{
    connect(socket, &QIODevice::readyRead, this, &FrameGuard::inspect); // runs before QtWebSockets' reader
}

void FrameGuard::activate()
{
    connect(m_socket, &QIODevice::readyRead, this, &FrameGuard::afterQtRead); // runs after it
    m_active = true;
    inspect();
}

void FrameGuard::afterQtRead()
{
    // QtWebSockets only reads from the front: what is left was all fed to the parser.
    if (m_active && !m_parser.failed())
        m_seenBuffered = m_socket->bytesAvailable();
}

void FrameGuard::inspect()
{
    if (!m_active)
        return;
    if (m_parser.failed()) {
        m_socket->readAll();
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    qint64 fresh = available - m_seenBuffered;
    if (fresh < 0) {
        qCWarning(lcGuard) << "bytes were read outside readyRead; the guard may be out of step";
        fresh = 0;
    }
    // Payload QtWebSockets reads as it is needs no look: no copy for the bulk of large frames.
    const qint64 skipped = qMin(fresh, m_parser.passThroughAhead());
    m_parser.skip(skipped);
    fresh -= skipped;
    if (fresh > 0) {
        // Peek into a buffer reused across calls: no allocation per readyRead on the message path.
        static thread_local QByteArray scratch;
        if (scratch.size() < available)
            scratch.resize(available);
        m_socket->peek(scratch.data(), available);
        const qint64 freshStart = available - fresh;
        const FrameGuardParser::Result result = m_parser.feed(scratch.constData() + freshStart, fresh);
        if (m_parser.failed()) {
            reject();
            return;
        }
        if (result.kept < fresh) {
            // From there on the bytes are the guard's: QtWebSockets gets the replacement instead.
            m_socket->read(available); // exactly what was peeked: nothing arrives inside this slot
            unreadBytes(m_socket, QByteArray::fromRawData(scratch.constData(), freshStart + result.kept) + result.replacement);
        }
    }
    m_seenBuffered = m_socket->bytesAvailable();
}

void FrameGuard::reject()
{
    m_socket->readAll(); // QtWebSockets must not act on the offending frame or anything after it
    auto *socket = qobject_cast<QAbstractSocket *>(m_socket);
    qCDebug(lcGuard) << "closing" << (socket ? peerOf(socket) : QString()) << "with" << m_parser.closeCode() << m_parser.kind();
    // A server frame: unmasked; a control frame: at most 125 payload bytes, 2 of them the code.
    const QByteArray reason = m_parser.reason().toUtf8().left(123);
    m_socket->write(WireFrame::encode(WireFrame::Close, WireFrame::closePayload(m_parser.closeCode(), reason), true, false));
    if (socket)
        socket->disconnectFromHost(); // sends the close frame first
    else
        m_socket->close();
    Q_EMIT rejected(m_parser.closeCode(), m_parser.kind());
}
