#include "wireframe.h"

#include <QRandomGenerator>
#include <QtEndian>

QByteArray WireFrame::header(int opcode, qint64 length, bool fin, bool masked, int rsv)
{
    QByteArray out;
    out.append(char((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)));
    const char maskBit = masked ? char(0x80) : char(0);
    if (length < 126) {
        out.append(char(maskBit | char(length)));
    } else if (length <= 0xffff) {
        out.append(char(maskBit | 126));
        char bytes[2];
        qToBigEndian<quint16>(quint16(length), bytes);
        out.append(bytes, 2);
    } else {
        out.append(char(maskBit | 127));
        char bytes[8];
        qToBigEndian<quint64>(quint64(length), bytes);
        out.append(bytes, 8);
    }
    return out;
}

QByteArray WireFrame::encode(int opcode, const QByteArray &payload, bool fin, bool masked, int rsv)
{
    if (!masked)
        return header(opcode, payload.size(), fin, false, rsv) + payload;
    return encodeWithKey(opcode, payload, fin, QRandomGenerator::global()->generate(), rsv);
}

QByteArray WireFrame::encodeWithKey(int opcode, const QByteArray &payload, bool fin, quint32 key, int rsv)
{
    char keyBytes[4];
    qToBigEndian<quint32>(key, keyBytes);
    QByteArray body = payload;
    if (key != 0) {
        for (qsizetype i = 0; i < body.size(); ++i)
            body[i] = char(body[i] ^ keyBytes[i % 4]);
    }
    return header(opcode, payload.size(), fin, true, rsv) + QByteArray(keyBytes, 4) + body;
}

QByteArray WireFrame::closePayload(int code, const QByteArray &reason)
{
    char bytes[2];
    qToBigEndian<quint16>(quint16(code), bytes);
    return QByteArray(bytes, 2) + reason;
}

bool WireFrame::readHeader(const char *data, qint64 available, Header *h)
{
    if (available < 2)
        return false;
    const auto *b = reinterpret_cast<const uchar *>(data);
    h->fin = b[0] & 0x80;
    h->rsv = (b[0] >> 4) & 7;
    h->opcode = b[0] & 0x0f;
    h->masked = b[1] & 0x80;
    h->length = b[1] & 0x7f;
    h->bytes = 2;
    if (h->length == 126) {
        if (available < 4)
            return false;
        h->length = qFromBigEndian<quint16>(b + 2);
        h->bytes = 4;
    } else if (h->length == 127) {
        if (available < 10)
            return false;
        h->length = qFromBigEndian<quint64>(b + 2);
        h->bytes = 10;
    }
    h->key = nullptr;
    if (h->masked) {
        if (available < h->bytes + 4)
            return false;
        h->key = data + h->bytes;
        h->bytes += 4;
    }
    return true;
}

bool WireFrame::take(QByteArray *buffer, WireFrame *frame)
{
    Header h;
    if (!readHeader(buffer->constData(), buffer->size(), &h) || quint64(buffer->size() - h.bytes) < h.length)
        return false;
    frame->fin = h.fin;
    frame->rsv = h.rsv;
    frame->opcode = h.opcode;
    frame->masked = h.masked;
    frame->payload = buffer->mid(h.bytes, qsizetype(h.length));
    if (h.masked) {
        for (qsizetype i = 0; i < frame->payload.size(); ++i)
            frame->payload[i] = char(frame->payload[i] ^ h.key[i % 4]);
    }
    buffer->remove(0, h.bytes + qsizetype(h.length));
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
