#pragma once

#include <QList>
#include <QObject>

#include <csignal>

class QSocketNotifier;

// Turns SIGINT and SIGTERM (or the signals given) into a Qt signal in the thread that created the
// watcher, through a self-pipe: the only safe way out of an async signal handler. One instance per process.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(const QList<int> &signalNumbers = {SIGINT, SIGTERM}, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_signals;
};
