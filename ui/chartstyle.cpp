#include "chartstyle.h"

#include <QChart>
#include <QLegend>
#include <QPalette>

#include <iterator>

namespace {

// Tableau 10: distinct on white and on the dark theme alike.
const QColor kPalette[] = {QColor(0x4e79a7), QColor(0xf28e2b), QColor(0xe15759), QColor(0x59a14f), QColor(0x76b7b2),
                           QColor(0xb07aa1), QColor(0xedc948), QColor(0xff9da7), QColor(0x9c755f), QColor(0xbab0ac)};

} // namespace

void ChartStyle::apply(QChart *chart, const QPalette &palette)
{
    if (palette.color(QPalette::Window).lightness() < 128)
        chart->setTheme(QChart::ChartThemeDark);
    QFont titleFont = chart->titleFont();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    chart->setTitleFont(titleFont);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont legendFont = chart->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85); // four names fit under a third of a 1366 px window
    chart->legend()->setFont(legendFont);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setAnimationOptions(QChart::NoAnimation);
}

QColor ChartStyle::colour(int index)
{
    return kPalette[index % int(std::size(kPalette))];
}

QPen ChartStyle::seriesPen(const QColor &colour, double width, bool compared)
{
    QPen pen(colour, compared ? 1.5 : width);
    if (compared)
        pen.setStyle(Qt::DashLine);
    return pen;
}
