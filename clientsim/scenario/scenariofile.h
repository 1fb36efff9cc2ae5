#pragma once

#include "csvtable.h"
#include "scenariospec.h"

#include <QByteArray>
#include <QString>

#include <optional>

// A scenario file (YAML; JSON is YAML too) read into a checked ScenarioSpec: unknown keys, wrong
// types, bad durations and close codes are refused with "file:line:column: what was expected".
// Templates are checked later, by ScenarioProgram, with the positions kept here.
class ScenarioFile
{
public:
    // Reads path and the CSV its data section names (relative to path's folder).
    static std::optional<ScenarioFile> load(const QString &path, QString *error);
    // The YAML alone: fileName only names it in messages; data.csv is resolved against baseDir but not read.
    static std::optional<ScenarioFile> parse(const QByteArray &text, const QString &fileName, const QString &baseDir,
                                             QString *error);
    // parse(), then the CSV its data section names, as load() reads it (the console's editor: text not yet saved).
    static std::optional<ScenarioFile> parseWithData(const QByteArray &text, const QString &fileName, const QString &baseDir,
                                                     QString *error);

    const ScenarioSpec &spec() const { return m_spec; }
    const std::optional<CsvTable> &data() const { return m_data; }
    QByteArray text() const { return m_text; }

    static QString where(const QString &fileName, SourcePos pos);
    // "5s", "100ms", "250us", "2m", "1h", or a bare number of seconds -> ns; -1 when malformed.
    static qint64 parseDurationNs(const QString &text);

private:
    ScenarioSpec m_spec;
    std::optional<CsvTable> m_data;
    QByteArray m_text;
};
