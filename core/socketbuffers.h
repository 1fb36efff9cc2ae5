#pragma once

class QByteArray;
class QIODevice;

// Qt keeps a device's emptied buffer chunks for reuse, for as long as the device lives: 16 KiB to
// read and, for a socket, 32 KiB to write. An idle WebSocket connection that only exchanges a
// ping and a pong now and then pays for both: they were 8 of its 21 KiB of server RSS
// (docs/BENCHMARKS.md). No public API reaches them; these use Qt's private QIODevicePrivate
// (qt6-base-private-dev, built from the same Qt source as the libraries).

// From now on each read gets a chunk of the size the kernel has ready, freed once drained.
// Call right after opening (setSocketDescriptor()).
void freeReadChunksWhenDrained(QIODevice *device);

// Frees the chunks kept by empty buffers; the next read or write allocates again. Returns false,
// and does nothing, while either buffer holds data.
bool releaseEmptyBuffers(QIODevice *device);

// Puts bytes back in front of what a sequential device has buffered, as if not read yet, in one
// copy: ungetChar() byte by byte costs a chunk per byte once freeReadChunksWhenDrained() is on.
void unreadBytes(QIODevice *device, const QByteArray &bytes);
