#pragma once

#include <QJsonObject>
#include <QString>
#include <QVector>

// A run's configuration as a person reads it, for the Summary tab and the HTML report: one row
// per setting, in sections (run, server, load), plain labels, dates for times, yes/no for flags,
// units on numbers; settings that do not apply to the run's mode are left out.
class ConfigTable
{
public:
    struct Row
    {
        QString section;
        QString label;
        QString value;
    };

    static QVector<Row> rows(const QJsonObject &config);
};
