#pragma once

#include <servercounters.h>
#include <upgradehandoff.h>

#include <QHash>
#include <QList>
#include <QStringList>
#include <QTcpServer>
#include <QWebSocketServer>

// Upgrades done the way a server worker does them, in the test's thread: sockets accepted here go
// through an UpgradeHandoff to a QWebSocketServer that does not listen; upgraded() lists each
// QWebSocket with what the hand-off gave back. Each step waits with the event loop running.
class LocalUpgrades : public QObject
{
    Q_OBJECT
public:
    explicit LocalUpgrades(bool frameGuard = false, qint64 maxMessageBytes = 1 << 20);

    quint16 port() const { return m_listener.serverPort(); }
    ServerCounters &counters() { return m_counters; }
    UpgradeHandoff &handoff() { return m_handoff; }

    // The server side of the next connection; null if none comes.
    QTcpSocket *nextAccepted();
    // Waits for socket's request head, reserves a slot (of 1,000) and hands it over.
    bool handOverWhenHeadArrives(QTcpSocket *socket);

    struct Upgraded
    {
        QWebSocket *socket = nullptr;
        UpgradeHandoff::Upgraded parts;
    };
    // Filled as QtWebSockets finishes handshakes; each is resumed at once.
    const QList<Upgraded> &upgraded() const { return m_upgraded; }
    // The text messages each upgraded socket received, from the first one on.
    QStringList texts(QWebSocket *socket) const { return m_texts.value(socket); }
    int vanished() const { return m_vanished; } // upgrades take() found no socket for

private:
    QTcpServer m_listener;
    QWebSocketServer m_wsServer;
    ServerCounters m_counters{1};
    UpgradeHandoff m_handoff;
    QList<Upgraded> m_upgraded;
    QHash<QWebSocket *, QStringList> m_texts;
    int m_vanished = 0;
};
