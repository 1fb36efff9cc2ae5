#pragma once

#include <QDoubleSpinBox>
#include <QSpinBox>

// Number fields of the panels: grouped digits, and a word instead of the value that means "auto".
inline QSpinBox *makeSpinBox(int min, int max, int value, const QString &specialText = {})
{
    auto *box = new QSpinBox;
    box->setRange(min, max);
    box->setValue(value);
    box->setSpecialValueText(specialText);
    box->setGroupSeparatorShown(true);
    return box;
}

inline QDoubleSpinBox *makeDoubleSpinBox(double min, double max, double value, const QString &suffix,
                                         const QString &specialText = {})
{
    auto *box = new QDoubleSpinBox;
    box->setRange(min, max);
    box->setDecimals(1);
    box->setSuffix(suffix);
    box->setValue(value);
    box->setSpecialValueText(specialText);
    box->setGroupSeparatorShown(true);
    return box;
}
