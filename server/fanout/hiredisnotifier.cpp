#include "hiredisnotifier.h"

#include <QSocketNotifier>

#include <hiredis/async.h>

bool HiredisNotifier::attach(redisAsyncContext *ctx)
{
    if (ctx->ev.data)
        return false;
    auto *self = new HiredisNotifier(ctx);
    ctx->ev.data = self;
    ctx->ev.addRead = &HiredisNotifier::addRead;
    ctx->ev.delRead = &HiredisNotifier::delRead;
    ctx->ev.addWrite = &HiredisNotifier::addWrite;
    ctx->ev.delWrite = &HiredisNotifier::delWrite;
    ctx->ev.cleanup = &HiredisNotifier::cleanup;
    return true;
}

HiredisNotifier::HiredisNotifier(redisAsyncContext *ctx)
    : m_ctx(ctx)
{
}

void HiredisNotifier::setWatching(QSocketNotifier **notifier, bool read, bool on)
{
    if (on && !*notifier) {
        *notifier = new QSocketNotifier(m_ctx->c.fd, read ? QSocketNotifier::Read : QSocketNotifier::Write, this);
        connect(*notifier, &QSocketNotifier::activated, this, [this, read] {
            // hiredis may free the context (and call cleanup) inside these calls.
            if (!m_ctx)
                return;
            m_inCallback = true;
            read ? redisAsyncHandleRead(m_ctx) : redisAsyncHandleWrite(m_ctx);
            m_inCallback = false; // cleanup() only scheduled our deletion: still alive here
        });
    } else if (!on && *notifier) {
        // Possibly called from inside this notifier's own signal: disable now, delete later.
        (*notifier)->setEnabled(false);
        (*notifier)->deleteLater();
        *notifier = nullptr;
    }
}

void HiredisNotifier::addRead(void *self)
{
    auto *n = static_cast<HiredisNotifier *>(self);
    n->setWatching(&n->m_read, true, true);
}

void HiredisNotifier::delRead(void *self)
{
    auto *n = static_cast<HiredisNotifier *>(self);
    n->setWatching(&n->m_read, true, false);
}

void HiredisNotifier::addWrite(void *self)
{
    auto *n = static_cast<HiredisNotifier *>(self);
    n->setWatching(&n->m_write, false, true);
}

void HiredisNotifier::delWrite(void *self)
{
    auto *n = static_cast<HiredisNotifier *>(self);
    n->setWatching(&n->m_write, false, false);
}

void HiredisNotifier::cleanup(void *self)
{
    auto *n = static_cast<HiredisNotifier *>(self);
    n->setWatching(&n->m_read, true, false);
    n->setWatching(&n->m_write, false, false);
    n->m_ctx = nullptr; // freed by hiredis right after this returns
    // Inside our own notifier's slot only later; otherwise now: a context freed while the bus
    // shuts down has no event loop left to run a deleteLater().
    if (n->m_inCallback)
        n->deleteLater();
    else
        delete n;
}
