#pragma once

#include <QColor>
#include <QPen>

class QChart;
class QPalette;

// How every chart of the console looks: readable colours on light and dark palettes alike,
// a bold title, a compact legend, and the pens of a run's and a compared run's series.
namespace ChartStyle {

void apply(QChart *chart, const QPalette &palette);
// The n-th colour of the palette (Tableau 10), cycling.
QColor colour(int index);
// A compared run's series is dashed and thinner, in the colour of the run's own.
QPen seriesPen(const QColor &colour, double width, bool compared);

} // namespace ChartStyle
