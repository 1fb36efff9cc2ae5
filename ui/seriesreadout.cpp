#include "seriesreadout.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

SeriesReadout::SeriesReadout(const QString &title, double x)
    : m_x(x)
    , m_lines{QCoreApplication::translate("SeriesReadout", "<b>%1</b> at %2 s").arg(title.toHtmlEscaped()).arg(x, 0, 'f', 0)}
{
}

void SeriesReadout::add(const QString &name, const QColor &colour, const QList<QPointF> &points, const QList<double> &raw)
{
    if (points.isEmpty())
        return;
    auto it = std::lower_bound(points.cbegin(), points.cend(), m_x, [](const QPointF &p, double v) { return p.x() < v; });
    int i = int(it - points.cbegin());
    if (i > 0 && (i == points.size() || m_x - points.at(i - 1).x() < points.at(i).x() - m_x))
        --i;
    if (std::abs(points.at(i).x() - m_x) > 1.0)
        return; // no sample of this series near here: say nothing rather than something stale
    const double value = raw.isEmpty() ? points.at(i).y() : raw.at(i);
    m_lines << QStringLiteral("<span style='color:%1'>&#9632;</span> %2: <b>%3</b>")
                   .arg(colour.name(), name.toHtmlEscaped(), formatValue(value));
}

QString SeriesReadout::html() const
{
    return m_lines.join(QStringLiteral("<br>"));
}

QString SeriesReadout::formatValue(double value)
{
    if (std::abs(value) >= 1000)
        return QLocale().toString(value, 'f', 0);
    return QLocale().toString(value, 'g', 4);
}
