#include "clientframewriter.h"

#include <QtEndian>

#include <cstring>

namespace {

quint64 repeated(quint32 key)
{
    return quint64(key) | (quint64(key) << 32);
}

} // namespace

int ClientFrameWriter::headerBytes(qsizetype payloadSize)
{
    return payloadSize < 126 ? 6 : payloadSize <= 0xffff ? 8 : 14;
}

void ClientFrameWriter::maskCopy(char *out, const char *in, qsizetype size, quint32 key)
{
    // key holds the four key bytes in memory order, so one native-order XOR masks them in order.
    const quint64 key8 = repeated(key);
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        std::memcpy(&word, in + i, 8);
        word ^= key8;
        std::memcpy(out + i, &word, 8);
    }
    const auto *keyBytes = reinterpret_cast<const char *>(&key);
    for (; i < size; ++i)
        out[i] = char(in[i] ^ keyBytes[i & 3]);
}

void ClientFrameWriter::mask(char *data, qsizetype size, quint32 key)
{
    maskCopy(data, data, size, key);
}

char *ClientFrameWriter::write(char *out, int opcode, const char *payload, qsizetype size, quint32 key, bool fin)
{
    *out++ = char((fin ? 0x80 : 0) | (opcode & 0x0f));
    if (size < 126) {
        *out++ = char(0x80 | size);
    } else if (size <= 0xffff) {
        *out++ = char(0x80 | 126);
        qToBigEndian<quint16>(quint16(size), out);
        out += 2;
    } else {
        *out++ = char(0x80 | 127);
        qToBigEndian<quint64>(quint64(size), out);
        out += 8;
    }
    std::memcpy(out, &key, 4);
    out += 4;
    maskCopy(out, payload, size, key);
    return out + size;
}
