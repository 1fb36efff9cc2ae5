#pragma once

#include <QString>

// The one definition of how a compared run's series are named: "p99 · B" is run B's "p99",
// drawn dashed in the colour of "p99". Charts, legends and tests use these, never the literal.
namespace ComparisonSeries {

inline QString suffix()
{
    return QStringLiteral(" · B");
}

inline bool isComparison(const QString &series)
{
    return series.endsWith(suffix());
}

inline QString of(const QString &series)
{
    return series + suffix();
}

inline QString baseName(const QString &series)
{
    return isComparison(series) ? series.chopped(suffix().size()) : series;
}

} // namespace ComparisonSeries
