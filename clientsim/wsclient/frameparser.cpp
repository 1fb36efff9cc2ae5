#include "frameparser.h"

#include "utf8validation.h"

#include <wireframe.h>

#include <QtEndian>

#include <cstring>
#include <utility>

namespace {
constexpr qsizetype kMaxControlPayload = 125;
constexpr qsizetype kReserveCap = 1 << 20; // a length field is the peer's word: reserve no more than this up front
} // namespace

FrameParser::FrameParser(quint64 maxMessageBytes)
    : m_maxMessageBytes(maxMessageBytes)
{
}

void FrameParser::reset()
{
    m_message.clear();
    m_control.clear();
    m_remaining = 0;
    m_messageBytes = 0;
    m_headerBytes = 0;
    m_frameOpcode = 0;
    m_messageOpcode = 0;
    m_fin = false;
    m_inFrame = false;
    m_stopped = false;
}

bool FrameParser::isValidCloseCode(int code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

const char *FrameParser::faultKind(Fault fault)
{
    switch (fault) {
    case Fault::MaskedFrame: return "protocol_masked_frame";
    case Fault::ReservedBits: return "protocol_reserved_bits";
    case Fault::BadOpcode: return "protocol_bad_opcode";
    case Fault::BadControlFrame: return "protocol_bad_control_frame";
    case Fault::InvalidUtf8: return "protocol_invalid_utf8";
    case Fault::BadCloseCode: return "protocol_bad_close_code";
    case Fault::MessageTooBig: return "protocol_message_too_big";
    case Fault::None: break;
    }
    return "protocol_error";
}

int FrameParser::closeCodeFor(Fault fault)
{
    switch (fault) {
    case Fault::InvalidUtf8: return 1007;
    case Fault::MessageTooBig: return 1009;
    default: return 1002;
    }
}

void FrameParser::fail(Fault fault, Handler &handler)
{
    m_stopped = true;
    m_message.clear();
    m_control.clear();
    handler.faultFound(fault);
}

void FrameParser::feed(const char *data, qsizetype size, Handler &handler)
{
    const char *p = data;
    const char *const end = data + size;
    while (!m_stopped && p < end) {
        if (!m_inFrame && !readHeader(p, end, handler))
            return;
        const qsizetype take = qsizetype(qMin<quint64>(m_remaining, quint64(end - p)));
        readPayload(p, take, handler);
        p += take;
    }
}

bool FrameParser::readHeader(const char *&p, const char *end, Handler &handler)
{
    WireFrame::Header h;
    if (m_headerBytes == 0) {
        if (!WireFrame::readHeader(p, end - p, &h)) {
            m_headerBytes = quint8(end - p); // under 14: a header is never longer
            std::memcpy(m_header, p, size_t(m_headerBytes));
            p = end;
            return false;
        }
        p += h.bytes;
    } else {
        const qsizetype copied = qMin<qsizetype>(end - p, qsizetype(sizeof m_header) - m_headerBytes);
        std::memcpy(m_header + m_headerBytes, p, size_t(copied));
        if (!WireFrame::readHeader(m_header, m_headerBytes + copied, &h)) {
            m_headerBytes = quint8(m_headerBytes + copied);
            p = end;
            return false;
        }
        p += h.bytes - m_headerBytes;
        m_headerBytes = 0;
    }

    if (h.masked) {
        fail(Fault::MaskedFrame, handler);
        return false;
    }
    if (h.rsv != 0) {
        fail(Fault::ReservedBits, handler);
        return false;
    }
    if (h.opcode >= WireFrame::Close) {
        if (h.opcode > WireFrame::Pong) {
            fail(Fault::BadOpcode, handler);
            return false;
        }
        if (!h.fin || h.length > quint64(kMaxControlPayload)) {
            fail(Fault::BadControlFrame, handler);
            return false;
        }
    } else {
        // A continuation needs an open message; a new message must wait for the open one to end.
        const bool continuation = h.opcode == WireFrame::Continuation;
        if (h.opcode > WireFrame::Binary || continuation != (m_messageOpcode != 0)) {
            fail(Fault::BadOpcode, handler);
            return false;
        }
        if (!continuation) {
            m_messageOpcode = quint8(h.opcode);
            m_messageBytes = 0;
        }
        if (h.length > m_maxMessageBytes - m_messageBytes) {
            fail(Fault::MessageTooBig, handler);
            return false;
        }
        m_messageBytes += h.length;
    }
    m_frameOpcode = quint8(h.opcode);
    m_fin = h.fin;
    m_remaining = h.length;
    m_inFrame = true;
    return true;
}

void FrameParser::readPayload(const char *p, qsizetype take, Handler &handler)
{
    if (take == 0 && m_remaining > 0)
        return; // the header ended the bytes fed
    const bool whole = quint64(take) == m_remaining;
    m_remaining -= quint64(take);
    if (m_frameOpcode >= WireFrame::Close) {
        if (m_control.isEmpty() && whole) {
            m_inFrame = false;
            controlFrame(p, take, handler);
            return;
        }
        m_control.append(p, take);
        if (m_remaining == 0) {
            m_inFrame = false;
            const QByteArray payload = std::exchange(m_control, QByteArray());
            controlFrame(payload.constData(), payload.size(), handler);
        }
        return;
    }
    if (m_fin && whole && m_message.isEmpty() && m_messageBytes == quint64(take)) {
        m_inFrame = false; // the whole message is in the bytes fed: hand it over in place
        message(p, take, handler);
        return;
    }
    if (m_message.isEmpty())
        m_message.reserve(qsizetype(qMin<quint64>(m_messageBytes + m_remaining, kReserveCap)));
    m_message.append(p, take);
    if (m_remaining > 0)
        return;
    m_inFrame = false;
    if (m_fin) {
        const QByteArray whole = std::exchange(m_message, QByteArray());
        message(whole.constData(), whole.size(), handler);
    }
}

void FrameParser::message(const char *data, qsizetype size, Handler &handler)
{
    const bool text = m_messageOpcode == WireFrame::Text;
    m_messageOpcode = 0;
    if (text && !isValidUtf8(data, size)) {
        fail(Fault::InvalidUtf8, handler);
        return;
    }
    if (!handler.messageReceived(text, data, size))
        m_stopped = true;
}

void FrameParser::controlFrame(const char *data, qsizetype size, Handler &handler)
{
    switch (m_frameOpcode) {
    case WireFrame::Ping:
        m_stopped = !handler.pingReceived(data, size);
        return;
    case WireFrame::Pong:
        m_stopped = !handler.pongReceived(data, size);
        return;
    default:
        break;
    }
    if (size == 1) {
        fail(Fault::BadCloseCode, handler);
        return;
    }
    const int code = size == 0 ? 1005 : qFromBigEndian<quint16>(data);
    if (size > 0 && !isValidCloseCode(code)) {
        fail(Fault::BadCloseCode, handler);
        return;
    }
    if (size > 2 && !isValidUtf8(data + 2, size - 2)) {
        fail(Fault::InvalidUtf8, handler);
        return;
    }
    m_stopped = true;
    handler.closeReceived(code, size > 2 ? data + 2 : data, qMax<qsizetype>(0, size - 2));
}
