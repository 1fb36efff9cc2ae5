#include "socketbuffers.h"

#include <QByteArray>
#include <QIODevice>
#include <QtCore/private/qiodevice_p.h>

#include <cstring>

namespace {

QIODevicePrivate *privateOf(QIODevice *device)
{
    return static_cast<QIODevicePrivate *>(QObjectPrivate::get(device));
}

} // namespace

void freeReadChunksWhenDrained(QIODevice *device)
{
    // A ring buffer keeps an emptied chunk only up to its chunk size; with 0 it keeps none.
    // Reads still get one chunk each (QAbstractSocket reserves what FIONREAD reports).
    privateOf(device)->buffer.setChunkSize(0);
}

bool releaseEmptyBuffers(QIODevice *device)
{
    QIODevicePrivate *d = privateOf(device);
    if (!d->buffer.isEmpty() || !d->writeBuffer.isEmpty())
        return false;
    d->buffer.clear();
    d->writeBuffer.clear();
    return true;
}

void unreadBytes(QIODevice *device, const QByteArray &bytes)
{
    // What ungetChar() does for a sequential device outside a transaction, for many bytes at once.
    Q_ASSERT(device->isSequential() && !device->isTransactionStarted());
    if (!bytes.isEmpty())
        std::memcpy(privateOf(device)->buffer.reserveFront(bytes.size()), bytes.constData(), size_t(bytes.size()));
}
