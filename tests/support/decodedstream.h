#pragma once

#include "wsstreamgenerator.h"

// What a receiver makes of a stream of RFC 6455 frames: the data messages reassembled from their
// fragments, the control frames counted, the close code. For property tests.
struct DecodedStream
{
    QList<GeneratedMessage> messages;
    int fragmentedTexts = 0; // text messages that came in more than one frame
    int pings = 0;
    int pongs = 0;
    int maskedFrames = 0;
    int unmaskedFrames = 0;
    int closeCode = -1; // -1 while no close frame came
    qsizetype leftoverBytes = 0; // after the close frame, or an incomplete frame at the end

    static DecodedStream decode(QByteArray bytes);
};

// Equal messages, in order; on a difference, which one and how, for a failure message.
QString compareMessages(const QList<GeneratedMessage> &got, const QList<GeneratedMessage> &expected);
