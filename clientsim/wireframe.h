#pragma once

#include <QByteArray>

// One RFC 6455 frame, byte by byte, for the conformance cases and tests that must send what no
// well-behaved library would (unmasked client frames, RSV bits, reserved opcodes, bad lengths).
struct WireFrame
{
    enum OpCode { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

    int opcode = -1;
    bool fin = true;
    int rsv = 0; // the three RSV bits, 0-7
    bool masked = false;
    QByteArray payload; // unmasked

    // A client frame: masked with a random key unless masked is false.
    static QByteArray encode(int opcode, const QByteArray &payload, bool fin = true, bool masked = true, int rsv = 0);
    static QByteArray closePayload(int code, const QByteArray &reason = {});
    // Takes one complete frame from the front of buffer; false (buffer untouched) until one is there.
    static bool take(QByteArray *buffer, WireFrame *frame);
    // The code of a close frame's payload: 1005 (none given) for an empty one, -1 for one byte.
    static int closeCode(const QByteArray &payload);
};
