#include "websocketforwards.h"

#include <QObject>

int cutUnusedWebSocketForwards(QObject *webSocket, QObject *tcpSocket)
{
    // String signatures keep core free of a QtWebSockets link; a null method cuts every
    // connection from that signal to the QWebSocket, which in 6.4 is the forward alone.
    int cut = QObject::disconnect(tcpSocket, SIGNAL(bytesWritten(qint64)), webSocket, nullptr) ? 1 : 0;
    for (QObject *child : webSocket->children()) {
        if (qstrcmp(child->metaObject()->className(), "QWebSocketDataProcessor") != 0)
            continue;
        cut += QObject::disconnect(child, SIGNAL(binaryFrameReceived(QByteArray,bool)), webSocket, nullptr) ? 1 : 0;
        cut += QObject::disconnect(child, SIGNAL(textFrameReceived(QString,bool)), webSocket, nullptr) ? 1 : 0;
    }
    return cut;
}
