#pragma once

#include <QByteArray>
#include <QSaveFile>
#include <QString>

// Every file SocketScope writes goes through here: temp file + rename, so a crash or a full disk
// never leaves half a session, CSV or report behind.
inline bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
        return true;
    *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return false;
}
