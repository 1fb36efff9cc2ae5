#pragma once

#include <QAbstractTableModel>
#include <QTimer>

class SessionModel;

// The run's events as a table (time, source, kind, message). Rows arrive in batches on a short
// timer, so a burst of failures does not insert one row at a time.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Source, Kind, Message, ColumnCount };

    explicit EventLogModel(const SessionModel *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void insertPendingRows(); // what the batch timer does; tests call it directly

private:
    const SessionModel *m_session;
    int m_rows = 0;
    QTimer m_batchTimer;
};
