#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// A complete HTTP/1.1 response with Content-Length and "Connection: close".
QByteArray httpResponse(int status, const QByteArray &body, const QByteArray &contentType = "text/plain",
                        const HttpHeaders &extraHeaders = {});
