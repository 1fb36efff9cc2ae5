#include "seriesdecimator.h"

#include <algorithm>

QList<QPointF> SeriesDecimator::pointsToDraw(const QList<QPointF> &points, double from, double to, int pixelColumns)
{
    auto byX = [](const QPointF &p, double x) { return p.x() < x; };
    auto first = std::lower_bound(points.cbegin(), points.cend(), from, byX);
    auto last = std::lower_bound(first, points.cend(), to, byX);
    if (first != points.cbegin())
        --first;
    if (last != points.cend())
        ++last;
    const qsizetype count = last - first;
    const int columns = qMax(1, pixelColumns);
    if (count <= 2 * columns)
        return QList<QPointF>(first, last);

    QList<QPointF> drawn;
    drawn.reserve(2 * columns + 2);
    const double span = qMax(to - from, 1e-9);
    auto it = first;
    while (it != last) {
        const int column = int((it->x() - from) / span * columns);
        auto low = it;
        auto high = it;
        auto end = it;
        while (end != last && int((end->x() - from) / span * columns) == column) {
            if (end->y() < low->y())
                low = end;
            if (end->y() > high->y())
                high = end;
            ++end;
        }
        if (low == high) {
            drawn.append(*low);
        } else {
            drawn.append(low->x() < high->x() ? *low : *high);
            drawn.append(low->x() < high->x() ? *high : *low);
        }
        it = end;
    }
    return drawn;
}
