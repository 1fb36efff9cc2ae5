#include "conformancerunner.h"

#include "handshake.h"
#include "wireframe.h"

#include <QJsonArray>
#include <QSslSocket>

#include <utility>

namespace {

QString preview(const QByteArray &payload)
{
    if (payload.size() > 24)
        return QStringLiteral("%1 bytes").arg(payload.size());
    const QString text = QString::fromUtf8(payload);
    const bool printable = std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isPrint() && c != QChar::ReplacementCharacter; });
    return printable ? QLatin1Char('"') + text + QLatin1Char('"') : QString::fromLatin1(payload.toHex(' '));
}

} // namespace

QJsonObject ConformanceResult::toJson() const
{
    QJsonArray expected;
    for (const auto &e : testCase.expected)
        expected.append(e.describe());
    return {{QStringLiteral("id"), testCase.id},
            {QStringLiteral("section"), testCase.section},
            {QStringLiteral("title"), testCase.title},
            {QStringLiteral("passed"), passed},
            {QStringLiteral("sent"), testCase.sentSummary()},
            {QStringLiteral("expected"), expected},
            {QStringLiteral("got"), got}};
}

ConformanceRunner::ConformanceRunner(QObject *parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(kCaseTimeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] { finishCase(false, QStringLiteral("no answer within %1 s").arg(kCaseTimeoutMs / 1000)); });
    m_trickle.setInterval(2); // one byte per TCP segment
    connect(&m_trickle, &QTimer::timeout, this, [this] {
        if (!m_socket || m_trickleBytes.isEmpty()) {
            m_trickle.stop();
            return;
        }
        m_socket->write(m_trickleBytes.left(1));
        m_socket->flush();
        m_trickleBytes.remove(0, 1);
    });
}

ConformanceRunner::~ConformanceRunner()
{
    if (m_socket)
        m_socket->abort();
}

int ConformanceRunner::failures() const
{
    return int(std::count_if(m_results.cbegin(), m_results.cend(), [](const ConformanceResult &r) { return !r.passed; }));
}

void ConformanceRunner::run(const QUrl &url, const QVector<ConformanceCase> &cases, bool insecureTls)
{
    m_url = url;
    m_insecure = insecureTls;
    m_cases = cases;
    m_results.clear();
    m_index = -1;
    QTimer::singleShot(0, this, &ConformanceRunner::startCase);
}

void ConformanceRunner::startCase()
{
    if (++m_index >= m_cases.size()) {
        Q_EMIT finished();
        return;
    }
    m_buffer.clear();
    m_seen.clear();
    m_headDone = false;
    m_expectIndex = 0;
    m_parser.reset();
    const bool tls = m_url.scheme() == QLatin1String("wss");
    QTcpSocket *socket = tls ? new QSslSocket(this) : new QTcpSocket(this);
    m_socket = socket;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QTcpSocket::readyRead, this, &ConformanceRunner::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        if (socket != m_socket)
            return;
        onReadyRead();
        if (m_socket == socket) // still undecided
            finishCase(false, m_headDone ? QStringLiteral("dropped the TCP connection without a close frame")
                                         : QStringLiteral("closed the connection without an HTTP response"));
    });
    connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError error) {
        if (socket == m_socket && error != QAbstractSocket::RemoteHostClosedError && socket->state() != QAbstractSocket::ConnectedState)
            finishCase(false, QStringLiteral("cannot connect: %1").arg(socket->errorString()));
    });
    m_timeout.start();
    const quint16 port = Handshake::port(m_url);
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        if (m_insecure)
            ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
        connect(ssl, &QSslSocket::encrypted, this, &ConformanceRunner::onConnected);
        ssl->connectToHostEncrypted(m_url.host(), port);
    } else {
        connect(socket, &QTcpSocket::connected, this, &ConformanceRunner::onConnected);
        socket->connectToHost(m_url.host(), port);
    }
}

void ConformanceRunner::onConnected()
{
    const ConformanceCase &c = m_cases.at(m_index);
    if (c.handshakeOnly) {
        m_socket->write(c.request);
        return;
    }
    m_socket->write(ConformanceCatalogue::upgradeRequest(Handshake::hostHeader(m_url), Handshake::requestTarget(m_url))
                    + (c.framesWithHandshake ? c.frames : QByteArray()));
}

void ConformanceRunner::onReadyRead()
{
    if (!m_socket)
        return;
    m_buffer += m_socket->readAll();
    if (!m_headDone && !readResponseHead())
        return;
    const QByteArray bytes = std::exchange(m_buffer, QByteArray());
    m_parser.feed(bytes.constData(), bytes.size(), *this);
}

bool ConformanceRunner::readResponseHead()
{
    const Handshake::Response response = Handshake::readResponse(m_buffer, ConformanceCatalogue::key(), {});
    if (response.result == Handshake::Response::Result::Incomplete)
        return false;
    m_buffer.remove(0, response.headBytes);
    m_headDone = true;
    const int status = response.status;
    m_seen << QStringLiteral("HTTP %1").arg(status);
    const ConformanceCase &c = m_cases.at(m_index);
    if (c.handshakeOnly) {
        const auto &expected = c.expected.constFirst();
        bool ok = expected.codes.contains(status);
        QString why;
        const bool versionCase = c.request.contains("Sec-WebSocket-Version: 12");
        if (ok && versionCase && !response.header("sec-websocket-version").contains("13")) {
            ok = false;
            why = QStringLiteral("refused without naming the versions it speaks (Sec-WebSocket-Version: 13)");
        }
        if (ok && status == 101 && response.result != Handshake::Response::Result::Accepted) {
            ok = false;
            why = QStringLiteral("101 that a client must refuse (%1)").arg(QString::fromLatin1(response.failure));
        }
        finishCase(ok, why);
        return false;
    }
    if (response.result != Handshake::Response::Result::Accepted) {
        finishCase(false, status == 101 ? QStringLiteral("101 that a client must refuse (%1)").arg(QString::fromLatin1(response.failure))
                                        : QStringLiteral("the upgrade was refused"));
        return false;
    }
    if (!c.framesWithHandshake)
        sendFrames();
    return true;
}

void ConformanceRunner::sendFrames()
{
    const ConformanceCase &c = m_cases.at(m_index);
    if (c.oneByteAtATime) {
        m_trickleBytes = c.frames;
        m_trickle.start();
    } else {
        m_socket->write(c.frames);
    }
}

bool ConformanceRunner::messageReceived(bool text, const char *data, qsizetype size)
{
    const QByteArray payload(data, size);
    expectNext(ConformanceCase::Expect::Kind::Message, 0, text ? WireFrame::Text : WireFrame::Binary, payload,
               QStringLiteral("%1 %2").arg(text ? QStringLiteral("text") : QStringLiteral("binary"), preview(payload)));
    return m_socket;
}

bool ConformanceRunner::pingReceived(const char *, qsizetype)
{
    return true; // the server's own heartbeat
}

bool ConformanceRunner::pongReceived(const char *data, qsizetype size)
{
    const QByteArray payload(data, size);
    expectNext(ConformanceCase::Expect::Kind::Pong, 0, 0, payload, QStringLiteral("pong %1").arg(preview(payload)));
    return m_socket;
}

void ConformanceRunner::closeReceived(int code, const char *, qsizetype)
{
    expectNext(ConformanceCase::Expect::Kind::Close, code, 0, {}, QStringLiteral("close %1").arg(code));
}

void ConformanceRunner::faultFound(FrameParser::Fault fault)
{
    if (fault == FrameParser::Fault::MaskedFrame)
        finishCase(false, QStringLiteral("the server masked a frame (5.1: it must not)"));
    else
        finishCase(false, QStringLiteral("the server broke RFC 6455 itself (%1)").arg(QString::fromLatin1(FrameParser::faultKind(fault))));
}

void ConformanceRunner::expectNext(ConformanceCase::Expect::Kind kind, int code, int opcode, const QByteArray &payload,
                                   const QString &seen)
{
    using Kind = ConformanceCase::Expect::Kind;
    m_seen << seen;
    const ConformanceCase &c = m_cases.at(m_index);
    if (m_expectIndex >= c.expected.size())
        return;
    const auto &e = c.expected.at(m_expectIndex);
    bool matches = e.kind == kind;
    if (matches && kind == Kind::Close)
        matches = e.codes.contains(code);
    if (matches && kind == Kind::Message)
        matches = e.opcode == opcode && e.payload == payload;
    if (matches && kind == Kind::Pong)
        matches = e.payload == payload;
    if (!matches) {
        finishCase(false);
        return;
    }
    if (++m_expectIndex == c.expected.size())
        finishCase(true);
}

void ConformanceRunner::finishCase(bool passed, const QString &why)
{
    if (!m_socket)
        return;
    m_timeout.stop();
    m_trickle.stop();
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    ConformanceResult result{m_cases.at(m_index), passed, m_seen.join(QLatin1String("; "))};
    if (!why.isEmpty())
        result.got += (result.got.isEmpty() ? QString() : QStringLiteral(" — ")) + why;
    m_results.append(result);
    Q_EMIT caseFinished(result);
    QTimer::singleShot(0, this, &ConformanceRunner::startCase);
}
