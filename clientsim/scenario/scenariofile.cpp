#include "scenariofile.h"

#include "scenariospecreader.h"
#include "yamldocument.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>


QString ScenarioFile::where(const QString &fileName, SourcePos pos)
{
    return QStringLiteral("%1:%2:%3: ").arg(fileName).arg(pos.line).arg(pos.column);
}

qint64 ScenarioFile::parseDurationNs(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*([0-9]*\.?[0-9]+)\s*(us|ms|s|m|h)?\s*$)"));
    const auto m = pattern.match(text);
    if (!m.hasMatch())
        return -1;
    const QString unit = m.captured(2);
    const double perUnit = unit == QLatin1String("us") ? 1e3 : unit == QLatin1String("ms") ? 1e6
        : unit == QLatin1String("m") ? 60e9 : unit == QLatin1String("h") ? 3600e9 : 1e9;
    const double ns = m.captured(1).toDouble() * perUnit;
    return ns < 1e18 ? qint64(ns) : -1;
}

std::optional<ScenarioFile> ScenarioFile::parse(const QByteArray &text, const QString &fileName, const QString &baseDir,
                                                QString *error)
{
    ScenarioFile file;
    file.m_text = text;
    file.m_spec.fileName = fileName;
    ScenarioSpecReader reader(fileName, text);
    try {
        std::optional<YAML::Mark> second;
        const YAML::Node root = YamlDocument::loadOne(text.toStdString(), &second);
        if (second) {
            *error = where(fileName, SourcePos{qMax(1, second->line + 1), qMax(1, second->column + 1)})
                + QStringLiteral("expected one YAML document, found a second one");
            return std::nullopt;
        }
        if (!reader.readRoot(root, &file.m_spec)) {
            *error = reader.error();
            return std::nullopt;
        }
    } catch (const YAML::Exception &e) {
        *error = where(fileName, SourcePos{qMax(1, e.mark.line + 1), qMax(1, e.mark.column + 1)}) // some have no mark
            + QStringLiteral("expected valid YAML: %1").arg(QString::fromStdString(e.msg));
        return std::nullopt;
    }
    if (!file.m_spec.csvPath.isEmpty())
        file.m_spec.csvPath = QFileInfo(QDir(baseDir), file.m_spec.csvPath).filePath();
    return file;
}

std::optional<ScenarioFile> ScenarioFile::load(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    return parseWithData(f.readAll(), path, QFileInfo(path).path(), error);
}

std::optional<ScenarioFile> ScenarioFile::parseWithData(const QByteArray &text, const QString &fileName, const QString &baseDir,
                                                        QString *error)
{
    auto file = parse(text, fileName, baseDir, error);
    if (!file || file->m_spec.csvPath.isEmpty())
        return file;
    QFile csv(file->m_spec.csvPath);
    if (!csv.open(QIODevice::ReadOnly)) {
        *error = where(fileName, file->m_spec.csvPos) + QStringLiteral("expected a readable CSV file at %1: %2")
                                                           .arg(file->m_spec.csvPath, csv.errorString());
        return std::nullopt;
    }
    file->m_data = CsvTable::parse(csv.readAll(), file->m_spec.csvPath, error);
    if (!file->m_data)
        return std::nullopt;
    return file;
}
