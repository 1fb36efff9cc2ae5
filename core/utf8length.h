#pragma once

#include <QStringView>

// Bytes the UTF-8 form of text takes, without converting it (counters run on every message).
inline qsizetype utf8Length(QStringView text)
{
    qsizetype bytes = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        bytes += u < 0x80 ? 1 : u < 0x800 ? 2 : QChar::isSurrogate(u) ? 2 : 3; // a surrogate pair is 4
    }
    return bytes;
}
