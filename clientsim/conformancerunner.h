#pragma once

#include "conformancecase.h"
#include "frameparser.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QTcpSocket;

struct ConformanceResult
{
    ConformanceCase testCase;
    bool passed = false;
    QString got; // what the server answered, in words

    QJsonObject toJson() const;
};

// Runs conformance cases one after another against a ws:// or wss:// echo endpoint, each on a
// fresh raw socket with its own time limit. The server's answers are read by the load client's
// Handshake and FrameParser, so both judge a server by the same rules. Signals fire in the thread
// that called run().
class ConformanceRunner : public QObject, private FrameParser::Handler
{
    Q_OBJECT
public:
    explicit ConformanceRunner(QObject *parent = nullptr);
    ~ConformanceRunner() override;

    void run(const QUrl &url, const QVector<ConformanceCase> &cases, bool insecureTls = false);
    const QVector<ConformanceResult> &results() const { return m_results; }
    int failures() const;
    static constexpr int kCaseTimeoutMs = 2000;

Q_SIGNALS:
    void caseFinished(const ConformanceResult &result);
    void finished();

private:
    void startCase();
    void onConnected();
    void onReadyRead();
    bool readResponseHead();
    bool messageReceived(bool text, const char *data, qsizetype size) override;
    bool pingReceived(const char *data, qsizetype size) override;
    bool pongReceived(const char *data, qsizetype size) override;
    void closeReceived(int code, const char *reason, qsizetype size) override;
    void faultFound(FrameParser::Fault fault) override;
    void expectNext(ConformanceCase::Expect::Kind kind, int code, int opcode, const QByteArray &payload, const QString &seen);
    void sendFrames();
    void finishCase(bool passed, const QString &why = {});

    QUrl m_url;
    bool m_insecure = false;
    QVector<ConformanceCase> m_cases;
    QVector<ConformanceResult> m_results;
    int m_index = -1;
    QPointer<QTcpSocket> m_socket;
    QTimer m_timeout;
    QTimer m_trickle;
    QByteArray m_trickleBytes;
    QByteArray m_buffer;
    bool m_headDone = false;
    int m_expectIndex = 0;
    FrameParser m_parser;
    QStringList m_seen;
};
