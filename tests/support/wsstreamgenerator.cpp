#include "wsstreamgenerator.h"

#include <wireframe.h>

#include <QRandomGenerator>

namespace {

// Up to about size bytes of valid UTF-8 mixing 1- to 4-byte characters.
QByteArray utf8Text(QRandomGenerator &rng, int size)
{
    QByteArray out;
    out.reserve(size + 4);
    while (out.size() < size) {
        const int kind = rng.bounded(10);
        char32_t c;
        if (kind < 6)
            c = char32_t(0x20 + rng.bounded(0x5f));
        else if (kind < 8)
            c = char32_t(0x80 + rng.bounded(0x780)); // 2 bytes
        else if (kind < 9)
            c = char32_t(0xe000 + rng.bounded(0x1000)); // 3 bytes, clear of surrogates
        else
            c = char32_t(0x10000 + rng.bounded(0x100000)); // 4 bytes
        out += QString::fromUcs4(&c, 1).toUtf8();
    }
    return out;
}

int messageSize(QRandomGenerator &rng)
{
    switch (rng.bounded(6)) {
    case 0: return 0;
    case 1:
    case 2: return rng.bounded(126); // 7-bit length
    case 3:
    case 4: return 126 + rng.bounded(65536 - 126); // 16-bit length
    default: return 65536 + rng.bounded(70 * 1024 - 65536 + 1); // 64-bit length
    }
}

QByteArray frame(QRandomGenerator &rng, int opcode, const QByteArray &payload, bool fin, bool masked)
{
    if (!masked)
        return WireFrame::encode(opcode, payload, fin, false);
    return WireFrame::encodeWithKey(opcode, payload, fin, rng.generate() | 1);
}

QByteArray ping(QRandomGenerator &rng, bool masked)
{
    QByteArray payload(rng.bounded(126), Qt::Uninitialized);
    for (char &c : payload)
        c = char(rng.bounded(256));
    return frame(rng, WireFrame::Ping, payload, true, masked);
}

} // namespace

GeneratedStream generateStream(quint32 seed, bool masked)
{
    QRandomGenerator rng(seed);
    GeneratedStream stream;
    const int count = 1 + rng.bounded(8);
    for (int m = 0; m < count; ++m) {
        GeneratedMessage message;
        message.text = rng.bounded(2) == 0;
        const int size = messageSize(rng);
        if (message.text) {
            message.payload = utf8Text(rng, size);
        } else {
            message.payload.resize(size);
            for (char &c : message.payload)
                c = char(rng.bounded(256));
        }
        // Fragments cut at any byte, so a text message's characters may straddle them.
        QList<qsizetype> cuts;
        if (rng.bounded(5) < 2) {
            const int pieces = 1 + rng.bounded(4);
            for (int i = 0; i < pieces; ++i)
                cuts.append(message.payload.isEmpty() ? 0 : rng.bounded(message.payload.size() + 1));
            std::sort(cuts.begin(), cuts.end());
        }
        cuts.append(message.payload.size());
        qsizetype from = 0;
        for (int i = 0; i < cuts.size(); ++i) {
            const bool last = i == cuts.size() - 1;
            const int opcode = i == 0 ? (message.text ? WireFrame::Text : WireFrame::Binary) : WireFrame::Continuation;
            stream.bytes += frame(rng, opcode, message.payload.mid(from, cuts[i] - from), last, masked);
            from = cuts[i];
            if (!last && rng.bounded(2) == 0)
                stream.bytes += ping(rng, masked);
        }
        if (rng.bounded(4) == 0)
            stream.bytes += ping(rng, masked);
        stream.messages.append(message);
    }
    stream.bytes += frame(rng, WireFrame::Close, WireFrame::closePayload(1000), true, masked);
    return stream;
}

QList<QByteArray> cutIntoSegments(const QByteArray &bytes, quint32 seed)
{
    QRandomGenerator rng(seed ^ 0x9e3779b9u);
    QList<QByteArray> segments;
    qsizetype at = 0;
    while (at < bytes.size()) {
        qsizetype length;
        switch (rng.bounded(10)) {
        case 0:
        case 1:
        case 2:
        case 3: length = 1; break;
        case 4:
        case 5: length = 2 + rng.bounded(15); break; // inside headers, masks and lengths
        case 6:
        case 7: length = 17 + rng.bounded(1500); break;
        default: length = 1500 + rng.bounded(64 * 1024); break; // whole frames together
        }
        length = qMin(length, bytes.size() - at);
        segments.append(bytes.mid(at, length));
        at += length;
    }
    return segments;
}
