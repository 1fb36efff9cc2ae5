#include "processtable.h"

#include "enginegroup.h"
#include "engineprocess.h"
#include "runcontroller.h"

#include <QHeaderView>
#include <QLocale>

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

} // namespace

ProcessTable::ProcessTable(RunController *run, QWidget *parent)
    : QTableWidget(0, ColumnCount, parent)
    , m_run(run)
{
    setObjectName(QStringLiteral("processTable"));
    setHorizontalHeaderLabels({tr("Process"), tr("PID"), tr("State"), tr("Connections"), tr("Messages/s"), tr("RSS MiB"), tr("CPU %")});
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(true);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSortingEnabled(false);
    connect(run, &RunController::memberSampleReceived, this, &ProcessTable::showSample);
    connect(run, &RunController::memberExited, this, &ProcessTable::showState);
    connect(run, &RunController::allStopped, this, [this] {
        for (int row = 0; row < rowCount(); ++row) {
            if (item(row, State)->text() == tr("running"))
                setText(row, State, tr("ended"));
        }
    });
}

int ProcessTable::rowOf(const QString &source, int member) const
{
    for (int row = 0; row < rowCount(); ++row) {
        const QTableWidgetItem *name = item(row, Process);
        if (name->data(Qt::UserRole).toString() == source && name->data(Qt::UserRole + 1).toInt() == member)
            return row;
    }
    return -1;
}

int ProcessTable::ensureRow(const QString &source, int member)
{
    int row = rowOf(source, member);
    if (row >= 0)
        return row;
    row = rowCount();
    insertRow(row);
    auto *name = new QTableWidgetItem(m_run->memberName(source, member));
    name->setData(Qt::UserRole, source);
    name->setData(Qt::UserRole + 1, member);
    setItem(row, Process, name);
    for (int column = Pid; column < ColumnCount; ++column) {
        auto *cell = new QTableWidgetItem;
        cell->setTextAlignment(column == State ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter);
        setItem(row, column, cell);
    }
    return row;
}

void ProcessTable::setText(int row, int column, const QString &text)
{
    item(row, column)->setText(text);
}

void ProcessTable::showSample(const QString &source, int member, const MetricSample &sample)
{
    const int row = ensureRow(source, member);
    const EngineGroup *group = source == QLatin1String("server") ? m_run->serverGroup() : m_run->loadGroup();
    const QLocale locale;
    if (const EngineProcess *process = group->member(member))
        setText(row, Pid, QString::number(process->pid()));
    setText(row, State, tr("running"));
    setText(row, Connections, locale.toString(sample.connections));
    setText(row, MessagesPerSec, locale.toString(sample.sentPerSec + sample.receivedPerSec, 'f', 0));
    setText(row, RssMiB, sample.process.valid ? locale.toString(double(sample.process.rssBytes) / kMiB, 'f', 1) : QString());
    setText(row, CpuPercent, sample.process.valid ? locale.toString(sample.process.cpuPercent, 'f', 0) : QString());
}

void ProcessTable::showState(const QString &source, int member, const QString &state)
{
    const int row = ensureRow(source, member);
    setText(row, State, state);
    setText(row, Connections, QStringLiteral("0"));
}
