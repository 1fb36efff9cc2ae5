#pragma once

#include <QByteArray>
#include <QList>

struct GeneratedMessage
{
    bool text = true;
    QByteArray payload; // UTF-8 bytes for text
};

struct GeneratedStream
{
    QByteArray bytes; // every frame of the stream, ending with a close frame (1000)
    QList<GeneratedMessage> messages; // what the receiver must deliver, in order
};

// A valid RFC 6455 stream for one seed: 1-8 text (valid UTF-8, multi-byte characters, some split across
// fragments) and binary messages of 0 B to 70 KiB (7-bit, 16-bit and 64-bit lengths), some fragmented
// with pings between fragments, then a close 1000. Client frames are masked (masked = true), server
// frames not.
GeneratedStream generateStream(quint32 seed, bool masked);
// Cuts bytes into segments at seeded random offsets: many 1-byte segments, cuts inside headers, masks,
// lengths and payloads, sometimes whole frames together.
QList<QByteArray> cutIntoSegments(const QByteArray &bytes, quint32 seed);
