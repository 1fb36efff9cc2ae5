#pragma once

#include <QByteArray>
#include <QString>

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
    static QByteArray encodeBinary(const MessageStamp &stamp, int sizeBytes);
    static QString encodeText(const MessageStamp &stamp, int sizeBytes);
    static bool decode(const QByteArray &message, MessageStamp *stamp);
    static bool decode(const QString &message, MessageStamp *stamp);
};
