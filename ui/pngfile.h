#pragma once

#include <atomicwrite.h>

#include <QBuffer>
#include <QPixmap>

// PNGs go through the same temp-file-and-rename as every other file SocketScope writes.
inline QByteArray pngBytes(const QPixmap &pixmap)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    pixmap.save(&buffer, "PNG");
    return bytes;
}

inline bool savePng(const QPixmap &pixmap, const QString &path, QString *error)
{
    return writeFileAtomically(path, pngBytes(pixmap), error);
}
