#pragma once

#include <sessionheadline.h>

#include <QWidget>

class QLabel;
class QTableWidget;

// The headline numbers of two runs side by side with the change from A to B, coloured by
// whether it is better or worse (more msg/s is better, more p99 is worse).
class ComparePanel : public QWidget
{
    Q_OBJECT
public:
    explicit ComparePanel(QWidget *parent = nullptr);

    void showRun(const Session &a, const QString &aName);
    void showComparison(const Session &a, const QString &aName, const Session &b, const QString &bName);

    // "+12.5 %", or "" when A is zero (no meaningful ratio).
    static QString changeText(double a, double b);
    QTableWidget *table() const { return m_table; }

private:
    QLabel *m_caption;
    QTableWidget *m_table;
};
