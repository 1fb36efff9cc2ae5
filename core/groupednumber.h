#pragma once

#include <QLocale>
#include <QString>

// Figures in the sentences core writes (warnings, verdicts, exit lines) read the same on every
// machine: "2,000,000", whatever the locale (the C locale would print "2000000").
inline QString groupedNumber(double value, int decimals = 0)
{
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english.toString(value, 'f', decimals);
}
