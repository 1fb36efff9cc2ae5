#pragma once

#include <scenariorun.h>

#include <QNetworkRequest>
#include <QTimer>
#include <QWebSocket>

#include <memory>
#include <vector>

// Drives ScenarioRuns over QWebSockets the way the load worker will: the runs share one context
// and one tick timer polls those whose deadline has passed. For tests only.
class ScenarioHarness
{
public:
    ScenarioHarness(const ScenarioProgram &program, int connections)
        : m_context(program, 1)
    {
        for (int i = 0; i < connections; ++i)
            m_connections.push_back(std::make_unique<Connection>(this, i));
        m_tick.setInterval(5);
        QObject::connect(&m_tick, &QTimer::timeout, [this] {
            const qint64 now = ScenarioContext::steadyNowNs();
            for (auto &c : m_connections) {
                if (c->run.nextDeadlineNs() <= now)
                    c->run.poll(now);
            }
        });
    }

    void start()
    {
        m_tick.start();
        for (auto &c : m_connections) {
            QNetworkRequest request(QUrl(QString::fromUtf8(c->run.url())));
            for (const auto &[name, value] : c->run.headers())
                request.setRawHeader(name, value);
            c->socket.open(request);
        }
    }

    ScenarioContext &context() { return m_context; }
    int opened() const { return m_opened; }
    int failed() const { return m_failed; }
    int unmatched() const { return m_unmatched; }
    ScenarioRun::State state(int connection) const { return m_connections[size_t(connection)]->run.state(); }

private:
    struct Connection : ScenarioSink
    {
        Connection(ScenarioHarness *harness, int conn)
            : run(&harness->m_context, this, conn)
        {
            QObject::connect(&socket, &QWebSocket::connected, [this, harness] {
                ++harness->m_opened;
                run.start(ScenarioContext::steadyNowNs());
            });
            QObject::connect(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), // Qt 6.4: no errorOccurred
                             [this, harness](QAbstractSocket::SocketError) {
                                 if (!failed) // a refused handshake may report more than one error
                                     ++harness->m_failed;
                                 failed = true;
                             });
            QObject::connect(&socket, &QWebSocket::textMessageReceived, [this, harness](const QString &message) {
                const QByteArray bytes = message.toUtf8();
                if (!run.onMessage(bytes.constData(), size_t(bytes.size()), true, ScenarioContext::steadyNowNs()))
                    ++harness->m_unmatched;
            });
        }
        void sendMessage(QByteArrayView bytes, bool binary) override
        {
            if (binary)
                socket.sendBinaryMessage(bytes.toByteArray());
            else
                socket.sendTextMessage(QString::fromUtf8(bytes));
        }
        void closeConnection(quint16 code) override { socket.close(QWebSocketProtocol::CloseCode(code)); }

        QWebSocket socket;
        ScenarioRun run;
        bool failed = false;
    };

    ScenarioContext m_context;
    std::vector<std::unique_ptr<Connection>> m_connections;
    QTimer m_tick;
    int m_opened = 0;
    int m_failed = 0;
    int m_unmatched = 0;
};
