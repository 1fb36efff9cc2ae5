#include "messagecodec.h"

#include <QtEndian>

namespace {

void writeHex(quint64 value, int digits, char *out)
{
    static const char kDigits[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; --i, value >>= 4)
        out[i] = kDigits[value & 0xf];
}

bool readHex(const char *in, int digits, quint64 *value)
{
    quint64 v = 0;
    for (int i = 0; i < digits; ++i) {
        const char c = in[i];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else
            return false;
        v = (v << 4) | quint64(d);
    }
    *value = v;
    return true;
}

} // namespace

QByteArray MessageCodec::blank(bool binary, int sizeBytes)
{
    return QByteArray(qMax(sizeBytes, headerBytes(binary)), binary ? '\0' : '.');
}

void MessageCodec::stamp(const MessageStamp &stamp, bool binary, char *message)
{
    if (binary) {
        qToLittleEndian<quint32>(stamp.senderId, message);
        qToLittleEndian<quint64>(stamp.sequence, message + 4);
        qToLittleEndian<qint64>(stamp.sentNs, message + 12);
        return;
    }
    writeHex(stamp.senderId, 8, message);
    writeHex(stamp.sequence, 16, message + 8);
    writeHex(quint64(stamp.sentNs), 16, message + 24);
}

bool MessageCodec::decode(bool text, const char *data, qsizetype size, MessageStamp *stamp)
{
    if (size < headerBytes(!text))
        return false;
    if (!text) {
        stamp->senderId = qFromLittleEndian<quint32>(data);
        stamp->sequence = qFromLittleEndian<quint64>(data + 4);
        stamp->sentNs = qFromLittleEndian<qint64>(data + 12);
        return true;
    }
    quint64 sender = 0, sequence = 0, sent = 0;
    if (!readHex(data, 8, &sender) || !readHex(data + 8, 16, &sequence) || !readHex(data + 24, 16, &sent))
        return false;
    stamp->senderId = quint32(sender);
    stamp->sequence = sequence;
    stamp->sentNs = qint64(sent);
    return true;
}
