#include "rawwsclient.h"

#include <QTest>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QtEndian>

QByteArray RawWsClient::frame(int opcode, const QByteArray &payload, bool fin, bool masked)
{
    QByteArray out;
    out.append(char((fin ? 0x80 : 0) | (opcode & 0x0f)));
    const char maskBit = masked ? char(0x80) : char(0);
    const qsizetype n = payload.size();
    if (n < 126) {
        out.append(char(maskBit | char(n)));
    } else if (n <= 0xffff) {
        out.append(char(maskBit | 126));
        char len[2];
        qToBigEndian<quint16>(quint16(n), len);
        out.append(len, 2);
    } else {
        out.append(char(maskBit | 127));
        char len[8];
        qToBigEndian<quint64>(quint64(n), len);
        out.append(len, 8);
    }
    if (!masked)
        return out + payload;
    const quint32 key = QRandomGenerator::global()->generate();
    char mask[4];
    qToBigEndian<quint32>(key, mask);
    out.append(mask, 4);
    QByteArray body = payload;
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = char(body[i] ^ mask[i % 4]);
    return out + body;
}

QByteArray RawWsClient::upgradeRequest(quint16 port, const QByteArray &path, const QByteArray &extraHeaders)
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          "Sec-WebSocket-Version: 13\r\n"
        + extraHeaders + "\r\n";
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
    if (m_buffer.size() < 2)
        return false;
    const auto *b = reinterpret_cast<const uchar *>(m_buffer.constData());
    qsizetype header = 2;
    quint64 length = b[1] & 0x7f;
    if (length == 126) {
        if (m_buffer.size() < 4)
            return false;
        length = qFromBigEndian<quint16>(b + 2);
        header = 4;
    } else if (length == 127) {
        if (m_buffer.size() < 10)
            return false;
        length = qFromBigEndian<quint64>(b + 2);
        header = 10;
    }
    if (quint64(m_buffer.size() - header) < length)
        return false;
    frame->fin = b[0] & 0x80;
    frame->opcode = b[0] & 0x0f;
    frame->payload = m_buffer.mid(header, qsizetype(length));
    m_buffer.remove(0, header + qsizetype(length));
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
    if (frame.opcode != 0x8 || frame.payload.size() < 2)
        return -1;
    return qFromBigEndian<quint16>(frame.payload.constData());
}
