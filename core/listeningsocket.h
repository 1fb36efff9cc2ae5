#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTimer>

class QSocketNotifier;

// A listening TCP socket accepted from by hand, instead of QTcpServer, for two things Qt 6.4 gets
// wrong (docs/QT-NOTES.md):
// - at the open-files limit: once QTcpServer's engine has seen one EAGAIN it reports every later
//   EMFILE as a temporary error, so it spins on accept() at full CPU while clients wait (and if
//   EMFILE came first, it stops accepting for good). Here an accept that fails for want of
//   resources is counted, and accepting pauses for kRetryAfterMs; the connections wait in the
//   kernel's backlog meanwhile;
// - SO_REUSEPORT, which QTcpServer::listen() cannot set: server groups share one port with it.
// Accepted sockets are non-blocking and close-on-exec. Lives in one thread.
class ListeningSocket : public QObject
{
    Q_OBJECT
public:
    static constexpr int kRetryAfterMs = 100; // long enough for closes to free files, short against handshake timeouts

    explicit ListeningSocket(QObject *parent = nullptr);
    ~ListeningSocket() override;

    // false with errorString() on failure (the step that failed and the system's reason).
    bool listen(const QHostAddress &address, quint16 port, int backlog, bool reusePort = false);
    // After close(): listens again as listen() last did, on the port it got.
    bool relisten();
    void close();
    bool isListening() const { return m_fd >= 0; }
    quint16 port() const { return m_port; }
    QString errorString() const { return m_error; }
    // Paused, new connections wait in the backlog.
    void setPaused(bool paused);

Q_SIGNALS:
    void accepted(qintptr descriptor); // the receiver owns it
    void resourceError(); // EMFILE, ENFILE, ENOBUFS or ENOMEM; accepting resumes kRetryAfterMs later

private:
    void acceptAll();
    void updateNotifier();

    int m_fd = -1;
    QHostAddress m_address;
    quint16 m_port = 0;
    int m_backlog = 0;
    bool m_reusePort = false;
    QString m_error;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_retry;
    bool m_paused = false;
};
