#include "comparepanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace {

QString valueText(const SessionHeadline::Figure &f)
{
    const int decimals = std::abs(f.value) >= 100 || f.unit.isEmpty() ? 0 : (std::abs(f.value) >= 10 ? 1 : 2);
    const QString number = QLocale().toString(f.value, 'f', decimals);
    return f.unit.isEmpty() ? number : number + QLatin1Char(' ') + f.unit;
}

} // namespace

ComparePanel::ComparePanel(QWidget *parent)
    : QWidget(parent)
    , m_caption(new QLabel)
    , m_table(new QTableWidget)
{
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_caption->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_caption);
    layout->addWidget(m_table);
}

QString ComparePanel::changeText(double a, double b)
{
    if (a == 0)
        return b == 0 ? QStringLiteral("=") : QString();
    const double percent = 100.0 * (b - a) / std::abs(a);
    return QStringLiteral("%1%2 %").arg(percent >= 0 ? QStringLiteral("+") : QString()).arg(percent, 0, 'f', 1);
}

void ComparePanel::showRun(const Session &a, const QString &aName)
{
    const QVector<SessionHeadline::Figure> figures = SessionHeadline::of(a).figures();
    m_caption->setText(tr("<b>%1</b>. File ▸ Compare With… overlays a second run.").arg(aName.toHtmlEscaped()));
    m_table->clear();
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Figure"), tr("This run")});
    m_table->setRowCount(int(figures.size()));
    for (int row = 0; row < figures.size(); ++row) {
        m_table->setItem(row, 0, new QTableWidgetItem(figures.at(row).label));
        m_table->setItem(row, 1, new QTableWidgetItem(valueText(figures.at(row))));
    }
    m_table->resizeColumnsToContents();
}

void ComparePanel::showComparison(const Session &a, const QString &aName, const Session &b, const QString &bName)
{
    const QVector<SessionHeadline::Figure> before = SessionHeadline::of(a).figures();
    const QVector<SessionHeadline::Figure> after = SessionHeadline::of(b).figures();
    m_caption->setText(tr("A: <b>%1</b> (solid) &nbsp; B: <b>%2</b> (dashed, “· B” in the legends)")
                           .arg(aName.toHtmlEscaped(), bName.toHtmlEscaped()));
    m_table->clear();
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("Figure"), tr("A"), tr("B"), tr("B vs A")});
    m_table->setRowCount(int(before.size()));
    for (int row = 0; row < before.size(); ++row) {
        const SessionHeadline::Figure &fa = before.at(row);
        const SessionHeadline::Figure &fb = after.at(row);
        m_table->setItem(row, 0, new QTableWidgetItem(fa.label));
        m_table->setItem(row, 1, new QTableWidgetItem(valueText(fa)));
        m_table->setItem(row, 2, new QTableWidgetItem(valueText(fb)));
        auto *change = new QTableWidgetItem(changeText(fa.value, fb.value));
        if (fb.value != fa.value && fa.better != SessionHeadline::Better::Neither) {
            const bool better = (fb.value > fa.value) == (fa.better == SessionHeadline::Better::Higher);
            change->setForeground(better ? QColor(0x2e8b57) : QColor(0xc0392b));
            change->setToolTip(better ? tr("better") : tr("worse"));
        }
        m_table->setItem(row, 3, change);
    }
    m_table->resizeColumnsToContents();
}
