#pragma once

#include <QObject>

class QSocketNotifier;

// Reports once when standard input reaches its end or fails. An agent started through ssh gets no
// signal when the console stops it (ssh does not forward SIGTERM without a terminal), but ssh does
// pass on the console closing its stdin: this turns that into a graceful stop. Data read is dropped.
class StdinCloseWatcher : public QObject
{
    Q_OBJECT
public:
    explicit StdinCloseWatcher(QObject *parent = nullptr);

Q_SIGNALS:
    void closed();

private:
    void drain();

    QSocketNotifier *m_notifier;
};
