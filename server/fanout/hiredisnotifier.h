#pragma once

#include <QObject>

class QSocketNotifier;
struct redisAsyncContext;

// Drives one hiredis async context from the Qt event loop of the thread it is created in.
// Debian's hiredis 0.14 ships adapters/qt.h, but it connects to QSocketNotifier::activated(int),
// a Qt 5 signal that Qt 6 no longer has (docs/QT-NOTES.md), so its notifiers would never fire.
// hiredis owns the lifetime: when it frees the context it calls cleanup, and this deletes itself.
class HiredisNotifier : public QObject
{
    Q_OBJECT
public:
    // Attaches to ctx (not yet attached to any event loop); false if it already is.
    static bool attach(redisAsyncContext *ctx);

private:
    explicit HiredisNotifier(redisAsyncContext *ctx);

    static void addRead(void *self);
    static void delRead(void *self);
    static void addWrite(void *self);
    static void delWrite(void *self);
    static void cleanup(void *self);

    void setWatching(QSocketNotifier **notifier, bool read, bool on);

    redisAsyncContext *m_ctx;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
    bool m_inCallback = false; // inside redisAsyncHandleRead/Write from one of our notifiers
};
