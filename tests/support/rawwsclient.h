#pragma once

#include <QByteArray>
#include <QTcpSocket>

#include <functional>

// A WebSocket client built from raw bytes, for what QWebSocket cannot do: stay silent, send
// invalid UTF-8 or malformed frames, and read exactly what the server wrote.
class RawWsClient
{
public:
    struct Frame
    {
        int opcode = -1;
        bool fin = false;
        QByteArray payload;
    };

    static QByteArray frame(int opcode, const QByteArray &payload, bool fin = true, bool masked = true);
    static QByteArray upgradeRequest(quint16 port, const QByteArray &path, const QByteArray &extraHeaders = {});

    bool connectTo(quint16 port);
    // Sends the upgrade and waits for the 101; false (with the response in received()) otherwise.
    bool handshake(quint16 port, const QByteArray &path = "/ws", const QByteArray &extraHeaders = {});
    void send(const QByteArray &bytes);
    // Waits up to timeoutMs for one complete server frame.
    bool readFrame(Frame *frame, int timeoutMs = 5000);
    // Waits until the server closes the TCP connection.
    bool waitClosed(int timeoutMs = 5000);
    QByteArray received() const { return m_buffer; }
    QTcpSocket &socket() { return m_socket; }

    static int closeCode(const Frame &frame);

private:
    bool takeFrame(Frame *frame);
    bool pump(const std::function<bool()> &done, int timeoutMs);

    QTcpSocket m_socket;
    QByteArray m_buffer;
};
