#include "csvtable.h"

namespace {

// Reads one record at a time and knows where it is, for messages that point at the cause.
class CsvReader
{
public:
    CsvReader(const QByteArray &bytes, const QString &name)
        : m_bytes(bytes), m_name(name)
    {
        if (m_bytes.startsWith("\xEF\xBB\xBF"))
            m_pos = 3;
    }

    bool atEnd() const { return m_pos >= m_bytes.size(); }
    int line() const { return m_line; }

    // One record; false with *error when a quoted field is not closed or is followed by junk.
    bool readRecord(QVector<QByteArray> *fields, QString *error)
    {
        fields->clear();
        for (;;) {
            QByteArray field;
            if (peek() == '"') {
                const int openLine = m_line, openColumn = column();
                advance();
                for (;;) {
                    if (atEnd()) {
                        *error = where(openLine, openColumn) + QStringLiteral("quoted field is never closed");
                        return false;
                    }
                    const char c = advance();
                    if (c != '"')
                        field += c;
                    else if (peek() == '"')
                        field += advance();
                    else
                        break;
                }
                if (!atEnd() && peek() != ',' && peek() != '\n' && peek() != '\r') {
                    *error = where(m_line, column()) + QStringLiteral("expected a comma or the end of the line after a quoted field");
                    return false;
                }
            } else {
                while (!atEnd() && peek() != ',' && peek() != '\n' && peek() != '\r')
                    field += advance();
            }
            fields->append(field);
            if (atEnd())
                return true;
            const char c = advance();
            if (c == ',')
                continue;
            if (c == '\r' && peek() == '\n')
                advance(); // counts the line
            else if (c == '\r')
                newLine();
            return true;
        }
    }

    QString where(int line, int column) const
    {
        return QStringLiteral("%1:%2:%3: ").arg(m_name).arg(line).arg(column);
    }

private:
    char peek() const { return atEnd() ? '\0' : m_bytes.at(m_pos); }
    char advance()
    {
        const char c = m_bytes.at(m_pos++);
        if (c == '\n')
            newLine();
        return c;
    }
    void newLine()
    {
        ++m_line;
        m_lineStart = m_pos;
    }
    int column() const { return m_pos - m_lineStart + 1; }

    const QByteArray &m_bytes;
    const QString m_name;
    int m_pos = 0;
    int m_line = 1;
    int m_lineStart = 0;
};

bool isBlank(const QVector<QByteArray> &fields)
{
    return fields.size() == 1 && fields.first().trimmed().isEmpty();
}

} // namespace

std::optional<CsvTable> CsvTable::parse(const QByteArray &bytes, const QString &name, QString *error)
{
    CsvReader reader(bytes, name);
    CsvTable table;
    QVector<QByteArray> fields;
    if (reader.atEnd()) {
        *error = reader.where(1, 1) + QStringLiteral("expected a header row naming the fields, the file is empty");
        return std::nullopt;
    }
    if (!reader.readRecord(&table.m_columns, error))
        return std::nullopt;
    for (int i = 0; i < table.m_columns.size(); ++i) {
        const QByteArray column = table.m_columns[i].trimmed();
        const qsizetype earlier = table.m_columns.indexOf(column); // those before i are trimmed already
        if (column.isEmpty() || (earlier >= 0 && earlier < i)) {
            *error = reader.where(1, 1) + QStringLiteral("expected distinct, non-empty field names in the header, got \"%1\"")
                                              .arg(QString::fromUtf8(table.m_columns.join(',')));
            return std::nullopt;
        }
        table.m_columns[i] = column;
    }
    while (!reader.atEnd()) {
        const int line = reader.line();
        if (!reader.readRecord(&fields, error))
            return std::nullopt;
        if (isBlank(fields))
            continue;
        if (fields.size() != table.m_columns.size()) {
            *error = reader.where(line, 1) + QStringLiteral("expected %1 fields as the header names, got %2")
                                                 .arg(table.m_columns.size())
                                                 .arg(fields.size());
            return std::nullopt;
        }
        table.m_rows.append(fields);
    }
    if (table.m_rows.isEmpty()) {
        *error = reader.where(reader.line(), 1) + QStringLiteral("expected at least one row after the header");
        return std::nullopt;
    }
    return table;
}

int CsvTable::columnIndex(const QString &column) const
{
    return int(m_columns.indexOf(column.toUtf8()));
}
