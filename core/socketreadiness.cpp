#include "socketreadiness.h"

#include "epolleventdispatcher.h"

#include <QAbstractSocket>
#include <QThread>
#include <QtNetwork/private/qabstractsocket_p.h>
#include <QtNetwork/private/qnativesocketengine_p.h>

QString describeReadiness(QAbstractSocket *socket)
{
    auto *d = static_cast<QAbstractSocketPrivate *>(QObjectPrivate::get(socket));
    QAbstractSocketEngine *engine = d->socketEngine;
    if (!engine || !engine->inherits("QNativeSocketEngine")) // not exported: no qobject_cast
        return QStringLiteral("no native socket engine");
    auto *e = static_cast<QNativeSocketEnginePrivate *>(QObjectPrivate::get(engine));
    QString text = QStringLiteral("Qt state %1, read notification %2, buffered %3, max %4, in readyRead %5, buffer %6")
                       .arg(int(socket->state()))
                       .arg(engine->isReadNotificationEnabled() ? QStringLiteral("on") : QStringLiteral("off"))
                       .arg(d->isBuffered)
                       .arg(d->readBufferMaxSize)
                       .arg(d->emittedReadyRead)
                       .arg(d->buffer.size());
    if (auto *epoll = qobject_cast<EpollEventDispatcher *>(socket->thread()->eventDispatcher()))
        text += QStringLiteral("; dispatcher: ") + epoll->describeWatch(int(engine->socketDescriptor()), e->readNotifier);
    return text;
}
