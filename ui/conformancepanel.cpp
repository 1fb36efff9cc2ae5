#include "conformancepanel.h"

#include "engineprocess.h"
#include "formfields.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
enum Column { Result, Section, Case, Got, Sent, ColumnCount };
}

ConformancePanel::ConformancePanel(QWidget *parent)
    : QWidget(parent)
    , m_process(new EngineProcess(QStringLiteral("conformance"), this))
    , m_run(new QPushButton(tr("Check RFC 6455 conformance")))
    , m_maxMessageKiB(makeSpinBox(1, 1024 * 1024, 1024))
    , m_summary(new QLabel)
    , m_table(new QTableWidget(0, ColumnCount))
{
    m_run->setObjectName(QStringLiteral("runConformanceButton"));
    m_run->setToolTip(tr("Run the RFC 6455 cases (socketscope-load --conformance) against the current target"));
    m_maxMessageKiB->setSuffix(tr(" KiB"));
    m_maxMessageKiB->setToolTip(tr("The server's message size limit: the 1009 cases send one byte more"));
    m_table->setHorizontalHeaderLabels({tr("Result"), tr("RFC"), tr("Case"), tr("What came back"), tr("What was sent")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_summary->setWordWrap(true); // a long line must not widen the window past a 1366 px screen
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_run);
    bar->addWidget(new QLabel(tr("server's max message")));
    bar->addWidget(m_maxMessageKiB);
    bar->addWidget(m_summary, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_table);

    connect(m_run, &QPushButton::clicked, this, &ConformancePanel::run);
    connect(m_process, &EngineProcess::eventReceived, this, [this](const SessionEvent &event) {
        ++m_total;
        m_failed += event.kind == QLatin1String("conformance_fail");
        m_summary->setText(tr("%1 cases checked, %2 failed…").arg(m_total).arg(m_failed));
    });
    connect(m_process, &EngineProcess::summaryReceived, this, [this](const QJsonObject &summary) {
        showCases(summary.value(QLatin1String("conformance")).toArray());
    });
    connect(m_process, &EngineProcess::exited, this, [this](int exitCode, bool crashed, bool, const QString &stderrTail) {
        m_run->setEnabled(true);
        if (crashed || (exitCode != 0 && exitCode != 3))
            m_summary->setText(tr("The check did not finish: %1").arg(stderrTail.split(QLatin1Char('\n')).constLast()));
        Q_EMIT finished(m_failed);
    });
    connect(m_process, &EngineProcess::failedToStart, this, [this](const QString &reason) {
        m_summary->setText(reason);
        m_run->setEnabled(true);
    });
    m_summary->setText(tr("Checks the current target (the server above, or the one attached to) case by case."));
}

bool ConformancePanel::isRunning() const
{
    return m_process->isRunning();
}

void ConformancePanel::run()
{
    const QString target = m_targetProvider ? m_targetProvider() : QString();
    const QString program = EngineProcess::locate(QStringLiteral("socketscope-load"));
    if (isRunning())
        return;
    if (target.isEmpty() || program.isEmpty()) {
        m_summary->setText(target.isEmpty() ? tr("Nothing to check yet: start the server, or attach to one, first.")
                                            : tr("socketscope-load not found next to the console or on PATH."));
        return;
    }
    m_table->setRowCount(0);
    m_failed = m_total = 0;
    m_run->setEnabled(false);
    m_summary->setText(tr("Checking %1…").arg(target));
    m_process->start(program, {QStringLiteral("--conformance"), target, QStringLiteral("--json"), QStringLiteral("--insecure"),
                               QStringLiteral("--max-message-bytes"), QString::number(qint64(m_maxMessageKiB->value()) * 1024)});
}

void ConformancePanel::showCases(const QJsonArray &cases)
{
    m_table->setRowCount(0);
    m_failed = m_total = 0;
    for (const QJsonValue &v : cases)
        addRow(v.toObject());
    m_table->resizeColumnsToContents();
    m_table->setColumnWidth(Case, qMin(m_table->columnWidth(Case), 420));
    m_table->setColumnWidth(Got, qMin(m_table->columnWidth(Got), 320));
    m_summary->setText(cases.isEmpty() ? QString()
                                       : tr("%1 of %2 cases passed").arg(m_total - m_failed).arg(m_total));
}

QString ConformancePanel::summaryText() const
{
    return m_summary->text();
}

void ConformancePanel::addRow(const QJsonObject &r)
{
    const bool passed = r.value(QLatin1String("passed")).toBool();
    ++m_total;
    m_failed += !passed;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *result = new QTableWidgetItem(passed ? tr("pass") : tr("FAIL"));
    result->setForeground(passed ? QColor(0x2e8b57) : QColor(0xc0392b));
    m_table->setItem(row, Result, result);
    m_table->setItem(row, Section, new QTableWidgetItem(r.value(QLatin1String("section")).toString()));
    auto *title = new QTableWidgetItem(r.value(QLatin1String("title")).toString());
    QStringList expected;
    for (const QJsonValue &e : r.value(QLatin1String("expected")).toArray())
        expected << e.toString();
    title->setToolTip(tr("%1\nexpected: %2").arg(r.value(QLatin1String("id")).toString(), expected.join(QLatin1String(", then "))));
    m_table->setItem(row, Case, title);
    m_table->setItem(row, Got, new QTableWidgetItem(r.value(QLatin1String("got")).toString()));
    m_table->setItem(row, Sent, new QTableWidgetItem(r.value(QLatin1String("sent")).toString()));
}
