#include "comparepanel.h"

#include "configtable.h"

#include <runhealth.h>
#include <verdict.h>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {

const QColor kPass(0x2e8b57);
const QColor kFail(0xc0392b);

QTableWidgetItem *item(const QString &text, const QColor &colour = QColor(), const QString &tip = QString())
{
    auto *cell = new QTableWidgetItem(text);
    if (colour.isValid())
        cell->setForeground(colour);
    cell->setToolTip(tip.isEmpty() ? text : tip);
    return cell;
}

QTableWidget *makeTable()
{
    auto *table = new QTableWidget;
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

// Named metrics and counters by label, each run's own or "n/a" where only the other has the name.
void alignNamedFigures(const Session &a, const Session &b, QVector<SessionHeadline::Figure> *before,
                       QVector<SessionHeadline::Figure> *after)
{
    const QVector<SessionHeadline::Figure> namedA = SessionHeadline::namedFigures(a);
    const QVector<SessionHeadline::Figure> namedB = SessionHeadline::namedFigures(b);
    QVector<SessionHeadline::Figure> labels = namedA;
    for (const SessionHeadline::Figure &f : namedB) {
        if (std::none_of(labels.cbegin(), labels.cend(), [&f](const SessionHeadline::Figure &l) { return l.label == f.label; }))
            labels.append(f);
    }
    auto find = [](const QVector<SessionHeadline::Figure> &in, const SessionHeadline::Figure &like) {
        for (const SessionHeadline::Figure &f : in) {
            if (f.label == like.label)
                return f;
        }
        SessionHeadline::Figure missing = like;
        missing.known = false;
        return missing;
    };
    for (const SessionHeadline::Figure &label : std::as_const(labels)) {
        before->append(find(namedA, label));
        after->append(find(namedB, label));
    }
}

} // namespace

ComparePanel::ComparePanel(QWidget *parent)
    : QWidget(parent)
    , m_caption(new QLabel)
    , m_table(makeTable())
    , m_settings(makeTable())
    , m_useSettings(new QPushButton(tr("Use These Settings")))
{
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_useSettings->setToolTip(tr("Fill the Server and Load panels with this run's settings"));
    m_useSettings->setObjectName(QStringLiteral("useSettingsButton"));
    connect(m_useSettings, &QPushButton::clicked, this, [this] { Q_EMIT useSettingsRequested(m_shownConfig); });
    auto *settingsColumn = new QVBoxLayout;
    settingsColumn->addWidget(m_settings, 1);
    settingsColumn->addWidget(m_useSettings, 0, Qt::AlignRight);
    auto *tables = new QHBoxLayout;
    tables->addWidget(m_table, 3);
    tables->addLayout(settingsColumn, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_caption);
    layout->addLayout(tables, 1);
}

QString ComparePanel::captionText() const
{
    return m_caption->text();
}

int ComparePanel::addVerdictRows(const Session &session, int column, int row)
{
    const RunHealth health = RunHealth::of(session);
    const Verdict verdict = Verdict::of(session, health);
    if (verdict.outcome == Verdict::Outcome::None)
        return row;
    const bool failed = verdict.outcome != Verdict::Outcome::Pass;
    m_table->setRowCount(qMax(m_table->rowCount(), row + 1 + int(verdict.checks.size())));
    if (!m_table->item(row, 0))
        m_table->setItem(row, 0, item(tr("Verdict")));
    m_table->setItem(row, column, item(verdict.word(), failed ? kFail : kPass, verdict.summaryLine()));
    for (const Verdict::Check &check : verdict.checks) {
        ++row;
        const QString label = tr("Threshold %1").arg(check.threshold);
        if (!m_table->item(row, 0))
            m_table->setItem(row, 0, item(label));
        QString text = !check.error.isEmpty() ? check.error
            : check.measured.isEmpty()        ? tr("not measured")
                                              : tr("%1, %2").arg(check.measured, check.passed ? tr("passed") : tr("FAILED"));
        if (m_table->item(row, 0)->text() != label) // the other run set other thresholds
            text = check.threshold + QStringLiteral(": ") + text;
        m_table->setItem(row, column, item(text, check.passed ? kPass : kFail));
    }
    return row + 1;
}

void ComparePanel::showRun(const Session &a, const QString &aName, bool live)
{
    const RunHealth health = RunHealth::of(a);
    const QVector<SessionHeadline::Figure> figures = SessionHeadline::of(a, health).figures() + SessionHeadline::namedFigures(a);
    QString caption = live ? tr("<b>%1</b>, running: the verdict comes when the load finishes.").arg(aName.toHtmlEscaped())
                           : tr("<b>%1</b>. File ▸ Compare With… overlays a second run.").arg(aName.toHtmlEscaped());
    for (const QString &warning : health.warnings())
        caption += QStringLiteral("<br><span style='color:#b9770e'>⚠ %1</span>").arg(warning.toHtmlEscaped());
    m_caption->setText(caption);
    m_table->clear();
    m_table->setColumnCount(2);
    m_table->setRowCount(0);
    m_table->setHorizontalHeaderLabels({tr("Figure"), tr("This run")});
    int row = live ? 0 : addVerdictRows(a, 1, 0);
    m_table->setRowCount(row + int(figures.size()));
    for (const SessionHeadline::Figure &f : figures) {
        m_table->setItem(row, 0, item(f.label));
        m_table->setItem(row++, 1, item(f.text()));
    }
    m_table->resizeColumnsToContents();
    showSettings(a);
}

void ComparePanel::showComparison(const Session &a, const QString &aName, const Session &b, const QString &bName)
{
    QVector<SessionHeadline::Figure> before = SessionHeadline::of(a).figures();
    QVector<SessionHeadline::Figure> after = SessionHeadline::of(b).figures();
    alignNamedFigures(a, b, &before, &after);
    m_caption->setText(tr("A: <b>%1</b> (solid) &nbsp; B: <b>%2</b> (dashed, “· B” in the legends)")
                           .arg(aName.toHtmlEscaped(), bName.toHtmlEscaped()));
    m_table->clear();
    m_table->setColumnCount(4);
    m_table->setRowCount(0);
    m_table->setHorizontalHeaderLabels({tr("Figure"), tr("A"), tr("B"), tr("B vs A")});
    int row = qMax(addVerdictRows(a, 1, 0), addVerdictRows(b, 2, 0));
    m_table->setRowCount(row + int(before.size()));
    for (int i = 0; i < before.size(); ++i, ++row) {
        const SessionHeadline::Figure &fa = before.at(i);
        const SessionHeadline::Figure &fb = after.at(i);
        m_table->setItem(row, 0, item(fa.label));
        m_table->setItem(row, 1, item(fa.text()));
        m_table->setItem(row, 2, item(fb.text()));
        const SessionHeadline::Comparison change = SessionHeadline::compare(fa, fb);
        const bool rated = change.change == SessionHeadline::Change::Better || change.change == SessionHeadline::Change::Worse;
        const bool better = change.change == SessionHeadline::Change::Better;
        m_table->setItem(row, 3, item(change.text, rated ? (better ? kPass : kFail) : QColor(),
                                      rated ? (better ? tr("better") : tr("worse")) : QString()));
    }
    m_table->resizeColumnsToContents();
    showSettings(a);
}

void ComparePanel::showSettings(const Session &session)
{
    m_shownConfig = session.config;
    const QVector<ConfigTable::Row> rows = ConfigTable::rows(session.config);
    m_settings->clear();
    m_settings->setColumnCount(3);
    m_settings->setHorizontalHeaderLabels({tr("Part"), tr("Setting"), tr("Value")});
    m_settings->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        m_settings->setItem(i, 0, item(rows.at(i).section));
        m_settings->setItem(i, 1, item(rows.at(i).label));
        m_settings->setItem(i, 2, item(rows.at(i).value));
    }
    m_settings->resizeColumnsToContents();
    m_useSettings->setEnabled(session.config.contains(QLatin1String("load")));
}
