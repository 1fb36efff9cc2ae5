#include "decodedstream.h"

#include <wireframe.h>

#include <QString>

DecodedStream DecodedStream::decode(QByteArray bytes)
{
    DecodedStream d;
    GeneratedMessage message;
    int frames = 0;
    WireFrame frame;
    while (d.closeCode < 0 && WireFrame::take(&bytes, &frame)) {
        ++(frame.masked ? d.maskedFrames : d.unmaskedFrames);
        switch (frame.opcode) {
        case WireFrame::Ping:
            ++d.pings;
            continue;
        case WireFrame::Pong:
            ++d.pongs;
            continue;
        case WireFrame::Close:
            d.closeCode = WireFrame::closeCode(frame.payload);
            continue;
        case WireFrame::Continuation:
            message.payload += frame.payload;
            ++frames;
            break;
        default:
            message = {frame.opcode == WireFrame::Text, frame.payload};
            frames = 1;
            break;
        }
        if (frame.fin) {
            if (message.text && frames > 1)
                ++d.fragmentedTexts;
            d.messages.append(message);
        }
    }
    d.leftoverBytes = bytes.size();
    return d;
}

QString compareMessages(const QList<GeneratedMessage> &got, const QList<GeneratedMessage> &expected)
{
    for (qsizetype i = 0; i < qMin(got.size(), expected.size()); ++i) {
        const GeneratedMessage &g = got.at(i);
        const GeneratedMessage &e = expected.at(i);
        if (g.text != e.text || g.payload != e.payload) {
            return QStringLiteral("message %1: got %2 of %3 bytes, expected %4 of %5 bytes")
                .arg(i)
                .arg(g.text ? QStringLiteral("text") : QStringLiteral("binary"))
                .arg(g.payload.size())
                .arg(e.text ? QStringLiteral("text") : QStringLiteral("binary"))
                .arg(e.payload.size());
        }
    }
    if (got.size() != expected.size())
        return QStringLiteral("got %1 messages, expected %2").arg(got.size()).arg(expected.size());
    return {};
}
