#include "rawwsclient.h"

#include <conformancecase.h>
#include <wireframe.h>

#include <QTest>
#include <QHostAddress>

QByteArray RawWsClient::frame(int opcode, const QByteArray &payload, bool fin, bool masked)
{
    return WireFrame::encode(opcode, payload, fin, masked);
}

QByteArray RawWsClient::upgradeRequest(quint16 port, const QByteArray &path, const QByteArray &extraHeaders)
{
    return ConformanceCatalogue::upgradeRequest("127.0.0.1:" + QByteArray::number(port), path, extraHeaders);
}

// Waiting spins the event loop (QTest::qWaitFor), never blocks in waitFor*(): the engine's
// acceptor lives in the test's thread and must keep accepting meanwhile.
bool RawWsClient::pump(const std::function<bool()> &done, int timeoutMs)
{
    return QTest::qWaitFor([&] {
        m_buffer += m_socket.readAll();
        return done();
    }, timeoutMs);
}

bool RawWsClient::connectTo(quint16 port)
{
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 5000);
}

bool RawWsClient::handshake(quint16 port, const QByteArray &path, const QByteArray &extraHeaders)
{
    if (m_socket.state() != QAbstractSocket::ConnectedState && !connectTo(port))
        return false;
    send(upgradeRequest(port, path, extraHeaders));
    pump([this] { return m_buffer.contains("\r\n\r\n") || m_socket.state() != QAbstractSocket::ConnectedState; }, 5000);
    const int end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0 || !m_buffer.startsWith("HTTP/1.1 101"))
        return false;
    m_buffer.remove(0, end + 4);
    return true;
}

void RawWsClient::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

bool RawWsClient::takeFrame(Frame *frame)
{
    WireFrame wire;
    if (!WireFrame::take(&m_buffer, &wire))
        return false;
    frame->fin = wire.fin;
    frame->opcode = wire.opcode;
    frame->payload = wire.payload;
    return true;
}

bool RawWsClient::readFrame(Frame *frame, int timeoutMs)
{
    bool got = false;
    pump([&] { return (got = takeFrame(frame)) || m_socket.state() != QAbstractSocket::ConnectedState; }, timeoutMs);
    return got || takeFrame(frame);
}

bool RawWsClient::waitClosed(int timeoutMs)
{
    return pump([this] { return m_socket.state() != QAbstractSocket::ConnectedState; }, timeoutMs);
}

int RawWsClient::closeCode(const Frame &frame)
{
    if (frame.opcode != WireFrame::Close || frame.payload.size() < 2)
        return -1;
    return WireFrame::closeCode(frame.payload);
}
