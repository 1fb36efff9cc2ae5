#pragma once

#include <QByteArray>
#include <QString>

#include <cstdio>

// One line to a CLI's stdout or stderr, flushed at once so pipes see each JSON sample as it comes.
inline void printLine(FILE *stream, const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

inline void printLine(FILE *stream, const QString &line)
{
    printLine(stream, line.toLocal8Bit());
}
