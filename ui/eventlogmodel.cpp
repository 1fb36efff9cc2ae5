#include "eventlogmodel.h"

#include <sessionmodel.h>

#include <QColor>

EventLogModel::EventLogModel(const SessionModel *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
    , m_rows(int(session->session().events.size()))
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(200);
    connect(&m_batchTimer, &QTimer::timeout, this, &EventLogModel::insertPendingRows);
    connect(session, &SessionModel::eventAppended, this, [this] {
        if (!m_batchTimer.isActive())
            m_batchTimer.start();
    });
    connect(session, &SessionModel::modelReset, this, [this] {
        m_batchTimer.stop();
        beginResetModel();
        m_rows = int(m_session->session().events.size());
        endResetModel();
    });
}

void EventLogModel::insertPendingRows()
{
    const int total = int(m_session->session().events.size());
    if (total <= m_rows)
        return;
    beginInsertRows({}, m_rows, total - 1);
    m_rows = total;
    endInsertRows();
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SessionEvent &event = m_session->session().events.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Time:
            return QString::number(event.elapsedSec, 'f', 1);
        case Source:
            return event.source;
        case Kind:
            return event.kind;
        case Message:
            return event.message;
        }
    }
    if (role == Qt::ForegroundRole) {
        switch (event.level()) {
        case SessionEvent::Severity::Error: return QColor(0xc0392b);
        case SessionEvent::Severity::Warning: return QColor(0xb9770e);
        default: break;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Time)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time (s)");
    case Source:
        return tr("Source");
    case Kind:
        return tr("Kind");
    case Message:
        return tr("Message");
    }
    return {};
}
