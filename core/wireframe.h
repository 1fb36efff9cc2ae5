#pragma once

#include <QByteArray>

// One RFC 6455 frame, byte by byte: what the conformance cases send (including what no
// well-behaved library would: unmasked client frames, RSV bits, reserved opcodes) and the one
// frame-header reader of the project (server FrameGuard, load ServerFrameInspector, tests).
struct WireFrame
{
    enum OpCode { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

    // A frame header as it stands in the stream.
    struct Header
    {
        bool fin = false;
        int rsv = 0; // the three RSV bits, 0-7
        int opcode = 0;
        bool masked = false;
        quint64 length = 0; // payload bytes
        int bytes = 0; // the header's own size, mask key included
        const char *key = nullptr; // into the data read, when masked
    };

    int opcode = -1;
    bool fin = true;
    int rsv = 0;
    bool masked = false;
    QByteArray payload; // unmasked

    // A client frame: masked with a random key unless masked is false.
    static QByteArray encode(int opcode, const QByteArray &payload, bool fin = true, bool masked = true, int rsv = 0);
    // A masked frame with the given key (0 leaves the payload bytes as they are).
    static QByteArray encodeWithKey(int opcode, const QByteArray &payload, bool fin, quint32 key, int rsv = 0);
    static QByteArray closePayload(int code, const QByteArray &reason = {});
    // Reads the header at data; false while it has not fully arrived.
    static bool readHeader(const char *data, qint64 available, Header *header);
    // Takes one complete frame from the front of buffer; false (buffer untouched) until one is there.
    static bool take(QByteArray *buffer, WireFrame *frame);
    // The code of a close frame's payload: 1005 (none given) for an empty one, -1 for one byte.
    static int closeCode(const QByteArray &payload);

private:
    static QByteArray header(int opcode, qint64 length, bool fin, bool masked, int rsv);
};
