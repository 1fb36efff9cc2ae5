#pragma once

#include "scenariocontext.h"
#include "scenariosink.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QVarLengthArray>

#include <limits>

// One connection's way through a scenario: a program counter over the compiled instructions, the
// await it is waiting for, its seq and its loop counters. It owns no socket, timer or thread: the
// load worker drives it with the time (steady clock, ns) and calls poll() for runs whose
// nextDeadlineNs() has passed, so one tick timer serves thousands of runs. Its actions go to
// the sink, synchronously; a sink must not destroy or restart the run from inside such a call.
class ScenarioRun
{
public:
    enum class State : quint8 {
        Idle, // before start(), or after restart()
        Awaiting, // a step waits for a matching frame until its timeout
        Waiting, // think, the next paced iteration, or a pause in a long burst of sends
        Done, // steps ended; handlers still answer frames
        Closed // a close step or a timeout with on_timeout: close; frames are ignored
    };
    static constexpr qint64 kNoDeadline = std::numeric_limits<qint64>::max();
    static constexpr int kMaxStepsPerCall = 256; // then it yields to other runs until the next tick

    ScenarioRun(ScenarioContext *context, ScenarioSink *sink, qint64 conn);

    // The handshake this connection makes: the URL and headers rendered with its row and number.
    QByteArray url() const;
    QList<QPair<QByteArray, QByteArray>> headers() const;

    // The connection is open: run the steps until one waits.
    void start(qint64 nowNs);
    // false when neither the await nor a handler took the frame: the caller counts it as unmatched.
    // A closed run ignores frames (true).
    bool onMessage(const char *data, size_t length, bool text, qint64 nowNs);
    // Times out an await, ends a think, starts a paced iteration, when its deadline has come.
    void poll(qint64 nowNs);
    // Back to Idle with the same connection number and row (a reconnect), seq from 0 again.
    void restart();

    qint64 nextDeadlineNs() const { return m_deadlineNs; }
    State state() const { return m_state; }
    quint64 seq() const { return m_seq; }

private:
    struct Loop
    {
        qint64 done = 0;
        qint64 startNs = 0;
    };

    void advance(qint64 nowNs);
    bool handle(ScenarioFrame &frame, qint64 nowNs);
    TemplateInputs inputs(qint64 nowNs, ScenarioFrame *msg = nullptr) const;
    void recordPushLatency(ScenarioFrame &frame, const ScenarioProgram::Handler &handler, qint64 nowNs);

    ScenarioContext *m_context;
    ScenarioSink *m_sink;
    const QVector<QByteArray> *m_row;
    qint64 m_conn;
    quint64 m_seq = 0;
    qint64 m_deadlineNs = kNoDeadline;
    qint64 m_awaitOriginNs = 0;
    qint64 m_lastSendNs = 0; // when the last send happened, or was due in a paced loop
    qint64 m_scheduledNs = 0; // when the current paced iteration was due
    int m_pc = 0;
    State m_state = State::Idle;
    bool m_pacedSendPending = false; // the next send is the first of a paced iteration
    QVarLengthArray<Loop, 2> m_loops;
};
