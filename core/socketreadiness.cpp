#include "socketreadiness.h"

#include "epolleventdispatcher.h"

#include <QAbstractSocket>
#include <QSocketNotifier>
#include <QThread>
#include <QtNetwork/private/qabstractsocket_p.h>

// Qt exports no type information for its socket privates, which UBSan's vptr check would need.
__attribute__((no_sanitize("vptr"))) QString describeReadiness(QAbstractSocket *socket)
{
    auto *d = static_cast<QAbstractSocketPrivate *>(QObjectPrivate::get(socket));
    const QObject *engine = d->socketEngine;
    if (!engine)
        return QStringLiteral("no socket engine");
    const QSocketNotifier *read = nullptr;
    for (const QSocketNotifier *n : engine->findChildren<QSocketNotifier *>(Qt::FindDirectChildrenOnly)) {
        if (n->type() == QSocketNotifier::Read)
            read = n;
    }
    QString text = QStringLiteral("Qt state %1, read notifier %2, buffered %3, max %4, in readyRead %5, buffer %6")
                       .arg(int(socket->state()))
                       .arg(!read ? QStringLiteral("none") : read->isEnabled() ? QStringLiteral("on") : QStringLiteral("off"))
                       .arg(d->isBuffered)
                       .arg(d->readBufferMaxSize)
                       .arg(d->emittedReadyRead)
                       .arg(d->buffer.size());
    if (auto *epoll = qobject_cast<EpollEventDispatcher *>(socket->thread()->eventDispatcher()))
        text += QStringLiteral("; dispatcher: ") + epoll->describeWatch(int(socket->socketDescriptor()), read);
    return text;
}
