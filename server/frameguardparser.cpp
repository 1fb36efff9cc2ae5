#include "frameguardparser.h"

#include <wireframe.h>

#include <cstring>
#include <limits>

FrameGuardParser::FrameGuardParser(qint64 maxMessageBytes)
    : m_maxMessageBytes(maxMessageBytes)
{
}

FrameGuardParser::Result FrameGuardParser::feed(const char *data, qint64 size)
{
    Result result;
    // While a text message is being collected every byte is the guard's, from the first one on.
    bool takenOver = m_collecting;
    result.kept = takenOver ? 0 : size;
    qint64 i = 0;
    while (i < size && !failed()) {
        if (m_headerBytes < m_headerNeeded) {
            const uchar byte = uchar(data[i]);
            if (m_headerBytes == 0) {
                bool takeOver = false;
                startFrame(byte, &takeOver);
                if (takeOver && !takenOver) {
                    takenOver = true;
                    result.kept = i;
                }
            }
            if (failed() || !headerByte(byte))
                break;
            if (m_route == Route::PassThrough && takenOver)
                result.replacement += char(byte);
            ++i;
            if (m_headerBytes == m_headerNeeded && m_payloadLeft == 0)
                result.replacement += finishFrame();
            continue;
        }
        const qint64 n = qint64(qMin<quint64>(m_payloadLeft, quint64(size - i)));
        if (m_route == Route::Collect) {
            const qsizetype start = m_message.size();
            m_message.append(data + i, qsizetype(n));
            char *payload = m_message.data() + start;
            for (qint64 k = 0; k < n; ++k)
                payload[k] = char(payload[k] ^ m_key[(m_keyOffset + k) % 4]);
            m_keyOffset = int((m_keyOffset + n) % 4);
        } else if (takenOver) {
            result.replacement.append(data + i, qsizetype(n));
        }
        m_payloadLeft -= quint64(n);
        i += n;
        if (m_payloadLeft == 0)
            result.replacement += finishFrame();
    }
    return result;
}

qint64 FrameGuardParser::passThroughAhead() const
{
    if (failed() || m_collecting || m_route != Route::PassThrough || m_headerBytes < m_headerNeeded)
        return 0;
    return qint64(qMin<quint64>(m_payloadLeft, quint64(std::numeric_limits<qint64>::max())));
}

void FrameGuardParser::skip(qint64 bytes)
{
    if (bytes <= 0)
        return;
    Q_ASSERT(bytes <= passThroughAhead());
    m_payloadLeft -= quint64(bytes);
    if (m_payloadLeft == 0)
        finishFrame();
}

// Decides on a frame's first byte, before QtWebSockets can have read it, whose the frame is.
void FrameGuardParser::startFrame(uchar first, bool *takeOver)
{
    const bool fin = first & 0x80;
    const int rsv = (first >> 4) & 7;
    const int opcode = first & 0x0f;
    m_route = Route::PassThrough;
    m_finalFragment = fin;
    if (m_collecting) {
        if (opcode & 0x8)
            return; // a control frame goes on at once: QtWebSockets answers a ping between fragments
        if (opcode != WireFrame::Continuation || rsv != 0)
            fail(1002, "bad_fragment", "a new message inside a fragmented one");
        m_route = Route::Collect;
        return;
    }
    if (opcode == WireFrame::Text && !fin && rsv == 0 && !m_binaryInProgress) {
        m_collecting = true;
        m_route = Route::Collect;
        *takeOver = true;
    } else if (opcode == WireFrame::Binary) {
        m_binaryInProgress = !fin;
    } else if (opcode == WireFrame::Continuation && fin) {
        m_binaryInProgress = false;
    }
}

// False once the frame is refused.
bool FrameGuardParser::headerByte(uchar byte)
{
    m_header[m_headerBytes++] = char(byte);
    if (m_headerBytes == 2) {
        if (!(byte & 0x80)) {
            fail(1002, "unmasked_frame", "client frames must be masked");
            return false;
        }
        const int length7 = byte & 0x7f;
        m_headerNeeded = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + 4;
    }
    if (m_headerBytes < m_headerNeeded)
        return true;
    WireFrame::Header h;
    WireFrame::readHeader(m_header, m_headerBytes, &h);
    m_payloadLeft = h.length;
    std::memcpy(m_key, h.key, 4);
    m_keyOffset = 0;
    if (m_route == Route::Collect && h.length > quint64(m_maxMessageBytes - m_message.size())) {
        fail(1009, "message_too_big", "message too big");
        return false;
    }
    return true;
}

// Returns what QtWebSockets gets for the frame just finished: the whole text message, as one
// frame masked with a zero key, after its last fragment; nothing otherwise.
QByteArray FrameGuardParser::finishFrame()
{
    QByteArray frame;
    if (m_route == Route::Collect && m_finalFragment) {
        frame = WireFrame::encodeWithKey(WireFrame::Text, m_message, true, 0);
        m_message.clear();
        m_collecting = false;
    }
    m_headerBytes = 0;
    m_headerNeeded = 2;
    m_route = Route::PassThrough;
    return frame;
}

void FrameGuardParser::fail(int closeCode, const char *kind, const char *reason)
{
    if (failed())
        return;
    m_closeCode = closeCode;
    m_kind = QString::fromLatin1(kind);
    m_reason = QString::fromLatin1(reason);
}
