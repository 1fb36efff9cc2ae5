#include "scenariorun.h"

#include "scenarioframe.h"

#include <charconv>

using Op = ScenarioProgram::Instruction::Op;

ScenarioRun::ScenarioRun(ScenarioContext *context, ScenarioSink *sink, qint64 conn)
    : m_context(context), m_sink(sink), m_row(context->program().row(conn)), m_conn(conn),
      m_loops(context->program().loopSlots())
{
}

TemplateInputs ScenarioRun::inputs(qint64 nowNs, ScenarioFrame *msg) const
{
    TemplateInputs in;
    in.row = m_row;
    in.conn = m_conn;
    in.seq = m_seq;
    in.msg = msg;
    in.nowEpochMs = m_context->epochMs(nowNs);
    in.random = &m_context->random();
    return in;
}

QByteArray ScenarioRun::url() const
{
    QByteArray out;
    m_context->program().url().render(inputs(ScenarioContext::steadyNowNs()), &out);
    return out;
}

QList<QPair<QByteArray, QByteArray>> ScenarioRun::headers() const
{
    QList<QPair<QByteArray, QByteArray>> out;
    const TemplateInputs in = inputs(ScenarioContext::steadyNowNs());
    for (const auto &[name, value] : m_context->program().headers()) {
        QByteArray rendered;
        value.render(in, &rendered);
        out.append({name, rendered});
    }
    return out;
}

void ScenarioRun::start(qint64 nowNs)
{
    Q_ASSERT(m_state == State::Idle);
    advance(nowNs);
}

void ScenarioRun::restart()
{
    m_pc = 0;
    m_seq = 0;
    m_state = State::Idle;
    m_deadlineNs = kNoDeadline;
    m_pacedSendPending = false;
}

void ScenarioRun::advance(qint64 nowNs)
{
    const ScenarioProgram &program = m_context->program();
    const QVector<ScenarioProgram::Instruction> &code = program.instructions();
    for (int budget = kMaxStepsPerCall; budget > 0; --budget) {
        const ScenarioProgram::Instruction &in = code[m_pc];
        switch (in.op) {
        case Op::Send: {
            ++m_seq; // the await of this step sees the value its send used
            m_lastSendNs = m_pacedSendPending ? m_scheduledNs : nowNs;
            m_pacedSendPending = false;
            QByteArray &buffer = m_context->sendBuffer();
            buffer.resize(0); // keeps the allocation, unlike clear()
            program.sendTemplate(in.index).render(inputs(nowNs), &buffer);
            m_sink->sendMessage(buffer, in.binary);
            ++m_pc;
            break;
        }
        case Op::Await:
            m_state = State::Awaiting;
            m_awaitOriginNs = in.fromSend ? m_lastSendNs : nowNs;
            m_deadlineNs = nowNs + in.a;
            return;
        case Op::Think:
            ++m_pc;
            m_state = State::Waiting;
            m_deadlineNs = nowNs + (in.a == in.b ? in.a : std::uniform_int_distribution<qint64>(in.a, in.b)(m_context->random()));
            return;
        case Op::RepeatBegin:
            m_loops[in.slot] = Loop{0, nowNs};
            if (in.b > 0) {
                m_scheduledNs = nowNs;
                m_pacedSendPending = true;
            }
            ++m_pc;
            break;
        case Op::RepeatEnd: {
            const ScenarioProgram::Instruction &begin = code[in.jump];
            Loop &loop = m_loops[begin.slot];
            ++loop.done;
            if (begin.a >= 0 && loop.done >= begin.a) {
                m_pacedSendPending = false;
                ++m_pc;
                break;
            }
            m_pc = in.jump + 1;
            if (begin.b > 0) {
                // Open loop: iteration k is due at start + k * every; a late one starts at once and
                // its latency still counts from when it was due.
                m_scheduledNs = loop.startNs + loop.done * begin.b;
                m_pacedSendPending = true;
                if (m_scheduledNs > nowNs) {
                    m_state = State::Waiting;
                    m_deadlineNs = m_scheduledNs;
                    return;
                }
            }
            break;
        }
        case Op::Close:
            m_state = State::Closed;
            m_deadlineNs = kNoDeadline;
            m_sink->closeConnection(quint16(in.a));
            return;
        case Op::End:
            m_state = State::Done;
            m_deadlineNs = kNoDeadline;
            return;
        }
    }
    m_state = State::Waiting; // a long burst: let the other runs of the thread have a turn
    m_deadlineNs = nowNs;
}

void ScenarioRun::poll(qint64 nowNs)
{
    if (m_deadlineNs > nowNs)
        return;
    if (m_state == State::Awaiting) {
        const ScenarioProgram::Instruction &in = m_context->program().instructions()[m_pc];
        m_context->metrics().countTimeout(in.metric);
        if (in.closeOnTimeout) {
            m_state = State::Closed;
            m_deadlineNs = kNoDeadline;
            m_sink->closeConnection(1000);
            return;
        }
        ++m_pc;
    }
    advance(nowNs);
}

bool ScenarioRun::onMessage(const char *data, size_t length, bool text, qint64 nowNs)
{
    if (m_state == State::Closed)
        return true;
    ScenarioFrame frame(std::string_view(data, length), text, &m_context->fields());
    if (m_state == State::Awaiting) {
        const ScenarioProgram::Instruction &in = m_context->program().instructions()[m_pc];
        if (m_context->program().matcher(in.index).matches(frame, inputs(nowNs), &m_context->matchBuffer(), &m_context->unescaped())) {
            if (in.metric >= 0)
                m_context->metrics().recordLatency(in.metric, nowNs - m_awaitOriginNs);
            ++m_pc;
            advance(nowNs);
            return true;
        }
    }
    return handle(frame, nowNs);
}

// The first handler whose matcher takes the frame acts on it.
bool ScenarioRun::handle(ScenarioFrame &frame, qint64 nowNs)
{
    const ScenarioProgram &program = m_context->program();
    for (const ScenarioProgram::Handler &h : program.handlers()) {
        if (!program.matcher(h.matcher).matches(frame, inputs(nowNs), &m_context->matchBuffer(), &m_context->unescaped()))
            continue;
        if (h.counter >= 0)
            m_context->metrics().count(h.counter);
        if (h.metric >= 0)
            recordPushLatency(frame, h, nowNs);
        if (h.reply >= 0) {
            QByteArray &buffer = m_context->sendBuffer();
            buffer.resize(0); // keeps the allocation, unlike clear()
            program.sendTemplate(h.reply).render(inputs(nowNs, &frame), &buffer);
            m_sink->sendMessage(buffer, h.binary);
        }
        return true;
    }
    return false;
}

// latency_from: the field holds when the server sent the frame, in epoch milliseconds (a number
// or a numeric string). Clocks of two hosts can disagree: a negative latency is recorded as 0.
void ScenarioRun::recordPushLatency(ScenarioFrame &frame, const ScenarioProgram::Handler &handler, qint64 nowNs)
{
    const JsonFields::Field *field = frame.field(std::string_view(handler.latencyField.constData(), size_t(handler.latencyField.size())));
    if (!field || (field->type != JsonFields::Type::Number && field->type != JsonFields::Type::String))
        return;
    double sentMs = 0;
    const char *end = field->value.data() + field->value.size();
    const auto parsed = std::from_chars(field->value.data(), end, sentMs);
    if (parsed.ec != std::errc() || parsed.ptr != end)
        return;
    const qint64 wholeMs = qint64(sentMs); // ns since 1970 exceed a double's exact integers
    const qint64 latencyNs = m_context->epochNs(nowNs) - wholeMs * 1000000 - qint64((sentMs - double(wholeMs)) * 1e6);
    m_context->metrics().recordLatency(handler.metric, qMax<qint64>(0, latencyNs));
}
