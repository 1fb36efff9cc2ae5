#pragma once

#include <QByteArray>

// Reads what a server sends a client (RFC 6455 5-8) however the bytes are cut: a header split
// anywhere is kept (at most 13 bytes), a message whose frame lies whole in the bytes fed is handed
// over in place, only fragmented or split messages are copied. Every server fault is found here
// and named: masked frames, RSV bits, reserved opcodes, broken fragmentation, oversize or
// fragmented control frames, bad UTF-8, bad close codes, messages over the limit. Used by the
// load engine's ClientConnection and the conformance runner; pure, so it is fuzzed alone.
class FrameParser
{
public:
    enum class Fault { None, MaskedFrame, ReservedBits, BadOpcode, BadControlFrame, InvalidUtf8, BadCloseCode, MessageTooBig };

    // Receives what the parser found, in stream order. The bool results say whether to read on:
    // false when the connection is going away.
    class Handler
    {
    public:
        virtual bool messageReceived(bool text, const char *data, qsizetype size) = 0;
        virtual bool pingReceived(const char *data, qsizetype size) = 0;
        virtual bool pongReceived(const char *data, qsizetype size) = 0;
        // 1005 when the frame carried no code. Reading stops after it.
        virtual void closeReceived(int code, const char *reason, qsizetype size) = 0;
        // Reading stops after it.
        virtual void faultFound(Fault fault) = 0;

    protected:
        ~Handler() = default;
    };

    explicit FrameParser(quint64 maxMessageBytes = quint64(64) << 20);

    // Reads every byte given unless a handler call stops it or a close or fault ends the stream.
    void feed(const char *data, qsizetype size, Handler &handler);
    // Ready for a new connection's stream.
    void reset();
    bool hasStopped() const { return m_stopped; }

    static const char *faultKind(Fault fault); // "protocol_masked_frame", ... as the samples count them
    static int closeCodeFor(Fault fault); // 1002, 1007 or 1009
    static bool isValidCloseCode(int code); // one a peer may send (RFC 6455 7.4, IANA registry)

private:
    bool readHeader(const char *&p, const char *end, Handler &handler);
    void readPayload(const char *p, qsizetype take, Handler &handler);
    void controlFrame(const char *data, qsizetype size, Handler &handler);
    void message(const char *data, qsizetype size, Handler &handler);
    void fail(Fault fault, Handler &handler);

    const quint64 m_maxMessageBytes;
    QByteArray m_message; // a fragmented or split data message so far
    QByteArray m_control; // a control frame split across feeds
    quint64 m_remaining = 0; // payload bytes of the current frame still to come
    quint64 m_messageBytes = 0;
    char m_header[14];
    quint8 m_headerBytes = 0; // of a split header, kept in m_header
    quint8 m_frameOpcode = 0;
    quint8 m_messageOpcode = 0; // text or binary while a fragmented message is open, else 0
    bool m_fin = false;
    bool m_inFrame = false; // header read, payload pending
    bool m_stopped = false;
};
