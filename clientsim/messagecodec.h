#pragma once

#include <QByteArray>

// What each load message carries so loss, duplicates, reordering and latency are exact:
// the sender's id, a per-sender sequence number and the (scheduled) send time.
// Binary: 20 bytes little-endian; text: 40 hex digits. The rest is padding up to --size.
struct MessageStamp
{
    quint32 senderId = 0;
    quint64 sequence = 0;
    qint64 sentNs = 0; // steady clock
};

class MessageCodec
{
public:
    static int headerBytes(bool binary) { return binary ? 20 : 40; }
    // A message of sizeBytes (at least headerBytes) whose stamp is written in place per send:
    // zeros (binary) or '.' (text) after it.
    static QByteArray blank(bool binary, int sizeBytes);
    static void stamp(const MessageStamp &stamp, bool binary, char *message);
    // false for a message that does not start with a stamp of its kind.
    static bool decode(bool text, const char *data, qsizetype size, MessageStamp *stamp);
};
