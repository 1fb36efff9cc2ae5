#pragma once

#include <QString>
#include <QStringList>

// "p99<50ms, errors<0.1%," -> {"p99<50ms", "errors<0.1%"}: the lists people type into one field
// (thresholds, metric names), trimmed, without empty items.
inline QStringList commaSeparated(const QString &text)
{
    QStringList items;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            items << part.trimmed();
    }
    return items;
}
