#include "messagecodec.h"

#include <QtEndian>

#include <cstring>

QByteArray MessageCodec::encodeBinary(const MessageStamp &stamp, int sizeBytes)
{
    QByteArray out(qMax(sizeBytes, headerBytes(true)), '\0');
    char *p = out.data();
    qToLittleEndian<quint32>(stamp.senderId, p);
    qToLittleEndian<quint64>(stamp.sequence, p + 4);
    qToLittleEndian<qint64>(stamp.sentNs, p + 12);
    return out;
}

QString MessageCodec::encodeText(const MessageStamp &stamp, int sizeBytes)
{
    char header[41];
    std::snprintf(header, sizeof header, "%08x%016llx%016llx", stamp.senderId,
                  static_cast<unsigned long long>(stamp.sequence), static_cast<unsigned long long>(stamp.sentNs));
    QString out = QString::fromLatin1(header, 40);
    if (sizeBytes > 40)
        out += QString(sizeBytes - 40, QLatin1Char('.'));
    return out;
}

bool MessageCodec::decode(const QByteArray &message, MessageStamp *stamp)
{
    if (message.size() < headerBytes(true))
        return false;
    const char *p = message.constData();
    stamp->senderId = qFromLittleEndian<quint32>(p);
    stamp->sequence = qFromLittleEndian<quint64>(p + 4);
    stamp->sentNs = qFromLittleEndian<qint64>(p + 12);
    return true;
}

bool MessageCodec::decode(const QString &message, MessageStamp *stamp)
{
    if (message.size() < headerBytes(false))
        return false;
    bool ok1 = false, ok2 = false, ok3 = false;
    stamp->senderId = QStringView(message).mid(0, 8).toUInt(&ok1, 16);
    stamp->sequence = QStringView(message).mid(8, 16).toULongLong(&ok2, 16);
    stamp->sentNs = qint64(QStringView(message).mid(24, 16).toULongLong(&ok3, 16));
    return ok1 && ok2 && ok3;
}
