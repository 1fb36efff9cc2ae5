#pragma once

#include <QList>
#include <QPointF>

// What of a long series is worth handing to Qt Charts, which maps and strokes every point it holds
// on each redraw: only the visible time span (plus one point either side, so lines reach the edges),
// and past two points per pixel column only each column's lowest and highest point, in time order,
// so every spike stays visible (the min/max decimation plotting tools such as PlotJuggler use).
// Points must be sorted by x.
class SeriesDecimator
{
public:
    static QList<QPointF> pointsToDraw(const QList<QPointF> &points, double from, double to, int pixelColumns);
};
