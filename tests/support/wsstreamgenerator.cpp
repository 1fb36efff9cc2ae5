#include "wsstreamgenerator.h"

#include <wireframe.h>

#include <QRandomGenerator>

#include <algorithm>

namespace {

constexpr int kMaxMessageBytes = 70 * 1024;

// One Unicode scalar value of 1 to 4 UTF-8 bytes; never a surrogate, nor U+FEFF (a decoder may
// drop a leading byte-order mark).
void appendCodePoint(QByteArray *out, QRandomGenerator &rng)
{
    quint32 cp = 0;
    switch (rng.bounded(4)) {
    case 0:
        cp = rng.bounded(0x80u);
        break;
    case 1:
        cp = rng.bounded(0x80u, 0x800u);
        break;
    case 2:
        do {
            cp = rng.bounded(0x800u, 0x10000u);
        } while ((cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfeff);
        break;
    default:
        cp = rng.bounded(0x10000u, 0x110000u);
        break;
    }
    if (cp < 0x80) {
        out->append(char(cp));
    } else if (cp < 0x800) {
        out->append(char(0xc0 | (cp >> 6)));
        out->append(char(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        out->append(char(0xe0 | (cp >> 12)));
        out->append(char(0x80 | ((cp >> 6) & 0x3f)));
        out->append(char(0x80 | (cp & 0x3f)));
    } else {
        out->append(char(0xf0 | (cp >> 18)));
        out->append(char(0x80 | ((cp >> 12) & 0x3f)));
        out->append(char(0x80 | ((cp >> 6) & 0x3f)));
        out->append(char(0x80 | (cp & 0x3f)));
    }
}

// Half the messages fit a 7-bit length, most others a 16-bit one, a few need 64 bits.
int messageSize(QRandomGenerator &rng)
{
    const quint32 kind = rng.bounded(100u);
    if (kind < 50)
        return rng.bounded(10u) == 0 ? 0 : int(rng.bounded(126u));
    if (kind < 90)
        return 126 + int(rng.bounded(qMin(1u << rng.bounded(17u), quint32(0x10000 - 126)))); // mostly small
    return 0x10000 + int(rng.bounded(quint32(kMaxMessageBytes - 0x10000 + 1)));
}

QByteArray payloadFor(bool text, int size, QRandomGenerator &rng)
{
    QByteArray payload;
    payload.reserve(size);
    if (text) {
        while (payload.size() + 4 <= size)
            appendCodePoint(&payload, rng);
        while (payload.size() < size) // the exact size, in ASCII
            payload.append(char(rng.bounded(0x80u)));
        return payload;
    }
    payload.resize(size);
    for (char &c : payload)
        c = char(rng.bounded(256u));
    return payload;
}

// Fragment boundaries: for text, half of them inside a multi-byte character when there is one.
QList<int> fragmentCuts(const QByteArray &payload, bool text, QRandomGenerator &rng)
{
    QList<int> continuationBytes;
    if (text) {
        for (int i = 0; i < payload.size(); ++i) {
            if ((uchar(payload.at(i)) & 0xc0) == 0x80)
                continuationBytes.append(i);
        }
    }
    QList<int> cuts;
    const int count = 1 + int(rng.bounded(3u));
    for (int i = 0; i < count; ++i) {
        if (!continuationBytes.isEmpty() && rng.bounded(2u) == 0)
            cuts.append(continuationBytes.at(int(rng.bounded(quint32(continuationBytes.size())))));
        else
            cuts.append(int(rng.bounded(quint32(payload.size() + 1)))); // empty fragments too
    }
    std::sort(cuts.begin(), cuts.end());
    return cuts;
}

} // namespace

GeneratedStream generateStream(quint32 seed, bool masked)
{
    QRandomGenerator rng(seed);
    const auto frame = [&](int opcode, const QByteArray &payload, bool fin) {
        return masked ? WireFrame::encodeWithKey(opcode, payload, fin, rng.generate()) : WireFrame::encode(opcode, payload, fin, false);
    };
    GeneratedStream stream;
    const int count = 1 + int(rng.bounded(8u));
    for (int m = 0; m < count; ++m) {
        GeneratedMessage message;
        message.text = rng.bounded(2u) == 0;
        message.payload = payloadFor(message.text, messageSize(rng), rng);
        const int opcode = message.text ? WireFrame::Text : WireFrame::Binary;
        if (rng.bounded(3u) != 0) {
            stream.bytes += frame(opcode, message.payload, true);
        } else {
            int from = 0;
            bool first = true;
            for (int cut : fragmentCuts(message.payload, message.text, rng)) {
                stream.bytes += frame(first ? opcode : WireFrame::Continuation, message.payload.mid(from, cut - from), false);
                first = false;
                if (rng.bounded(2u) == 0)
                    stream.bytes += frame(WireFrame::Ping, payloadFor(false, int(rng.bounded(126u)), rng), true);
                from = cut;
            }
            stream.bytes += frame(WireFrame::Continuation, message.payload.mid(from), true);
        }
        stream.messages.append(message);
    }
    stream.bytes += frame(WireFrame::Close, WireFrame::closePayload(1000), true);
    return stream;
}

QList<QByteArray> cutIntoSegments(const QByteArray &bytes, quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<qsizetype> cuts;
    qsizetype pos = 0;
    WireFrame::Header h;
    while (pos < bytes.size() && WireFrame::readHeader(bytes.constData() + pos, bytes.size() - pos, &h)) {
        const qsizetype payloadStart = pos + h.bytes;
        switch (rng.bounded(3u)) {
        case 0: // every header byte alone: cuts inside the length and the mask key
            for (qsizetype p = pos; p <= payloadStart; ++p)
                cuts.append(p);
            break;
        case 1:
            cuts.append(pos);
            cuts.append(pos + 1 + rng.bounded(quint32(h.bytes - 1)));
            break;
        default: // this frame travels with the one before
            break;
        }
        const qsizetype length = qsizetype(qMin<quint64>(h.length, quint64(bytes.size() - payloadStart)));
        if (length > 0) {
            const int payloadCuts = int(rng.bounded(4u));
            for (int i = 0; i < payloadCuts; ++i)
                cuts.append(payloadStart + rng.bounded(quint32(length)));
            if (rng.bounded(4u) == 0) { // a run of 1-byte segments inside the payload
                const qsizetype start = payloadStart + rng.bounded(quint32(length));
                for (quint32 k = 0, run = 1 + rng.bounded(16u); k < run; ++k)
                    cuts.append(start + k);
            }
        }
        pos = payloadStart + length;
    }
    for (int i = 0, extra = bytes.size() > pos ? 8 : 0; i < extra; ++i) // bytes that are not frames: anywhere
        cuts.append(pos + rng.bounded(quint32(bytes.size() - pos)));
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    QList<QByteArray> segments;
    qsizetype from = 0;
    for (qsizetype cut : std::as_const(cuts)) {
        if (cut <= from || cut >= bytes.size())
            continue;
        segments.append(bytes.mid(from, cut - from));
        from = cut;
    }
    if (from < bytes.size())
        segments.append(bytes.mid(from));
    return segments;
}
