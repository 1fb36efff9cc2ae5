#pragma once

#include <QtGlobal>

// Client frames as RFC 6455 5.2/5.3 wants them: a header, a fresh 32-bit masking key, the payload
// XORed with it. Written straight into the caller's buffer (no temporary), the mask applied eight
// bytes at a time while the payload is copied.
class ClientFrameWriter
{
public:
    static constexpr int kMaxHeaderBytes = 14; // 2 + 8 (64-bit length) + 4 (key)

    static int headerBytes(qsizetype payloadSize);
    // Writes the frame at out, which has room for headerBytes(size) + size; returns the end.
    static char *write(char *out, int opcode, const char *payload, qsizetype size, quint32 key, bool fin = true);
    // XORs data with the key as it stands in the header (its bytes in order), from key byte 0.
    static void mask(char *data, qsizetype size, quint32 key);
    static void maskCopy(char *out, const char *in, qsizetype size, quint32 key);
};
