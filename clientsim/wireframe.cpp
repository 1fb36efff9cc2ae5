#include "wireframe.h"

#include <QRandomGenerator>
#include <QtEndian>

QByteArray WireFrame::encode(int opcode, const QByteArray &payload, bool fin, bool masked, int rsv)
{
    QByteArray out;
    out.append(char((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)));
    const char maskBit = masked ? char(0x80) : char(0);
    const qsizetype n = payload.size();
    if (n < 126) {
        out.append(char(maskBit | char(n)));
    } else if (n <= 0xffff) {
        out.append(char(maskBit | 126));
        char length[2];
        qToBigEndian<quint16>(quint16(n), length);
        out.append(length, 2);
    } else {
        out.append(char(maskBit | 127));
        char length[8];
        qToBigEndian<quint64>(quint64(n), length);
        out.append(length, 8);
    }
    if (!masked)
        return out + payload;
    char key[4];
    qToBigEndian<quint32>(QRandomGenerator::global()->generate(), key);
    out.append(key, 4);
    QByteArray body = payload;
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = char(body[i] ^ key[i % 4]);
    return out + body;
}

QByteArray WireFrame::closePayload(int code, const QByteArray &reason)
{
    char bytes[2];
    qToBigEndian<quint16>(quint16(code), bytes);
    return QByteArray(bytes, 2) + reason;
}

bool WireFrame::take(QByteArray *buffer, WireFrame *frame)
{
    if (buffer->size() < 2)
        return false;
    const auto *b = reinterpret_cast<const uchar *>(buffer->constData());
    qsizetype header = 2;
    quint64 length = b[1] & 0x7f;
    if (length == 126) {
        if (buffer->size() < 4)
            return false;
        length = qFromBigEndian<quint16>(b + 2);
        header = 4;
    } else if (length == 127) {
        if (buffer->size() < 10)
            return false;
        length = qFromBigEndian<quint64>(b + 2);
        header = 10;
    }
    const bool masked = b[1] & 0x80;
    if (masked)
        header += 4;
    if (quint64(buffer->size()) < quint64(header) || quint64(buffer->size() - header) < length)
        return false;
    frame->fin = b[0] & 0x80;
    frame->rsv = (b[0] >> 4) & 7;
    frame->opcode = b[0] & 0x0f;
    frame->masked = masked;
    frame->payload = buffer->mid(header, qsizetype(length));
    if (masked) {
        const char *key = buffer->constData() + header - 4;
        for (qsizetype i = 0; i < frame->payload.size(); ++i)
            frame->payload[i] = char(frame->payload[i] ^ key[i % 4]);
    }
    buffer->remove(0, header + qsizetype(length));
    return true;
}

int WireFrame::closeCode(const QByteArray &payload)
{
    if (payload.isEmpty())
        return 1005;
    if (payload.size() < 2)
        return -1;
    return qFromBigEndian<quint16>(reinterpret_cast<const uchar *>(payload.constData()));
}
