#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>

// The hover read-out of a chart: each series' value at the sample nearest to a time, as HTML
// lines with the series' colour. A series with no sample within a second says nothing.
class SeriesReadout
{
public:
    explicit SeriesReadout(const QString &title, double x);
    // raw: the values to show when points hold something else (stacked bands hold running totals).
    void add(const QString &name, const QColor &colour, const QList<QPointF> &points, const QList<double> &raw = {});
    QString html() const;

    static QString formatValue(double value);

private:
    double m_x;
    QStringList m_lines;
};
