#pragma once

#include <QCommandLineParser>
#include <QString>

#include <type_traits>

// Reads numeric flags with bounds, stopping at the first problem so a CLI can print one clear line.
class CommandLineNumbers
{
public:
    CommandLineNumbers(const QCommandLineParser &parser, QString *error)
        : m_parser(parser)
        , m_error(error)
    {
    }

    template<typename T>
    void read(const QString &name, T *target, double min, double max)
    {
        if (!m_error->isEmpty() || !m_parser.isSet(name))
            return;
        bool ok = false;
        const double value = m_parser.value(name).toDouble(&ok);
        const bool whole = std::is_integral_v<T>;
        if (!ok || value < min || value > max || (whole && value != double(qint64(value)))) {
            *m_error = QStringLiteral("--%1 expects %2 between %3 and %4, got \"%5\"")
                           .arg(name, whole ? QStringLiteral("a whole number") : QStringLiteral("a number"))
                           .arg(min, 0, 'g', 12)
                           .arg(max, 0, 'g', 12)
                           .arg(m_parser.value(name));
            return;
        }
        *target = T(value);
    }

private:
    const QCommandLineParser &m_parser;
    QString *m_error;
};
