#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

#include <optional>

// A CSV file whose header row names the fields (RFC 4180: quoted fields may hold commas, doubled
// quotes and line breaks; CRLF or LF; a UTF-8 byte order mark is skipped). Every row must have as
// many fields as the header: a short row is an error, not a row of empty strings.
class CsvTable
{
public:
    // nullopt with "NAME:LINE:COLUMN: what was expected" in *error. name is what messages call the file.
    static std::optional<CsvTable> parse(const QByteArray &bytes, const QString &name, QString *error);

    const QVector<QByteArray> &columns() const { return m_columns; }
    int columnIndex(const QString &column) const;
    int rowCount() const { return int(m_rows.size()); }
    const QVector<QByteArray> &row(int index) const { return m_rows[index]; }

private:
    QVector<QByteArray> m_columns;
    QVector<QVector<QByteArray>> m_rows;
};
