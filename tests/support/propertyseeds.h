#pragma once

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>
#include <QtGlobal>

// The seeds a property test runs: count of them from a base drawn for this run, or only the one in
// SOCKETSCOPE_SEED, to replay a failure a test printed.
inline QList<quint32> propertySeeds(int count)
{
    const QByteArray replay = qgetenv("SOCKETSCOPE_SEED");
    if (!replay.isEmpty())
        return {replay.toUInt()};
    const quint32 base = QRandomGenerator::global()->generate();
    QList<quint32> seeds;
    for (int i = 0; i < count; ++i)
        seeds.append(base + quint32(i));
    return seeds;
}
