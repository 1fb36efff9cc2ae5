#include "scenarioprogram.h"

#include <QFileInfo>

std::optional<QByteArray> ScenarioProgram::processEnvironment(const QString &name)
{
    const QByteArray key = name.toLocal8Bit();
    if (!qEnvironmentVariableIsSet(key.constData()))
        return std::nullopt;
    return qgetenv(key.constData());
}

std::optional<ScenarioProgram> ScenarioProgram::compile(const ScenarioFile &file, const QByteArray &target, const Environment &env,
                                                        QString *error)
{
    ScenarioProgram p;
    p.m_file = file;
    const ScenarioSpec &spec = file.spec();
    TemplateScope scope;
    scope.target = target;
    scope.env = env;
    scope.data = file.data() ? &*p.m_file.data() : nullptr;
    if (!spec.csvPath.isEmpty() && !scope.data) {
        *error = ScenarioFile::where(spec.fileName, spec.csvPos) + QStringLiteral("expected the CSV file to be loaded");
        return std::nullopt;
    }
    auto url = ScenarioTemplate::compile(spec.url, scope, spec.fileName, error);
    if (!url)
        return std::nullopt;
    p.m_url = *url;
    for (const auto &[name, value] : spec.headers) {
        auto header = ScenarioTemplate::compile(value, scope, spec.fileName, error);
        if (!header)
            return std::nullopt;
        p.m_headers.append({name.toUtf8(), *header});
    }
    for (const HandlerSpec &handler : spec.handlers) {
        if (!p.compileHandler(handler, scope, error))
            return std::nullopt;
    }
    if (!p.compileSteps(spec.steps, scope, error))
        return std::nullopt;
    p.m_instructions.append(Instruction());
    return p;
}

int ScenarioProgram::nameIndex(QStringList *names, const QString &name)
{
    const int at = int(names->indexOf(name));
    if (at >= 0)
        return at;
    names->append(name);
    return int(names->size() - 1);
}

bool ScenarioProgram::compileHandler(const HandlerSpec &spec, TemplateScope scope, QString *error)
{
    Handler h;
    auto matcher = ScenarioMatcher::compile(spec.match, scope, m_file.spec().fileName, error);
    if (!matcher)
        return false;
    h.matcher = int(m_matchers.size());
    m_matchers.append(*matcher);
    if (spec.reply) {
        scope.message = true;
        auto reply = ScenarioTemplate::compile(*spec.reply, scope, m_file.spec().fileName, error);
        if (!reply)
            return false;
        h.reply = int(m_templates.size());
        m_templates.append(*reply);
    }
    h.binary = spec.binary;
    if (!spec.count.isEmpty())
        h.counter = nameIndex(&m_counterNames, spec.count);
    if (spec.latencyFrom) {
        h.metric = nameIndex(&m_metricNames, spec.metric);
        h.latencyField = spec.latencyFrom->text.toUtf8();
    }
    m_handlers.append(h);
    return true;
}

bool ScenarioProgram::compileAwait(const AwaitSpec &await, bool fromSend, int line, const TemplateScope &scope, QString *error)
{
    auto matcher = ScenarioMatcher::compile(await.match, scope, m_file.spec().fileName, error);
    if (!matcher)
        return false;
    Instruction in;
    in.op = Instruction::Op::Await;
    in.fromSend = fromSend;
    in.closeOnTimeout = await.closeOnTimeout;
    in.index = int(m_matchers.size());
    in.metric = await.metric.isEmpty() ? -1 : nameIndex(&m_metricNames, await.metric);
    in.a = await.timeoutNs;
    in.line = line;
    m_matchers.append(*matcher);
    m_instructions.append(in);
    return true;
}

// Whether running these steps can ever wait; a loop that cannot would spin the thread forever.
bool ScenarioProgram::canWait(const QVector<StepSpec> &steps)
{
    for (const StepSpec &s : steps) {
        if (s.await || s.kind == StepSpec::Kind::Think || s.kind == StepSpec::Kind::Close
            || (s.kind == StepSpec::Kind::Repeat && (s.everyNs > 0 || canWait(s.steps))))
            return true;
    }
    return false;
}

bool ScenarioProgram::compileSteps(const QVector<StepSpec> &steps, const TemplateScope &scope, QString *error)
{
    for (const StepSpec &step : steps) {
        Instruction in;
        in.line = step.pos.line;
        switch (step.kind) {
        case StepSpec::Kind::Send: {
            auto t = ScenarioTemplate::compile(step.send, scope, m_file.spec().fileName, error);
            if (!t)
                return false;
            in.op = Instruction::Op::Send;
            in.binary = step.binary;
            in.index = int(m_templates.size());
            m_templates.append(*t);
            m_instructions.append(in);
            if (step.await && !compileAwait(*step.await, true, in.line, scope, error))
                return false;
            break;
        }
        case StepSpec::Kind::Await:
            if (!compileAwait(*step.await, false, in.line, scope, error))
                return false;
            break;
        case StepSpec::Kind::Think:
            in.op = Instruction::Op::Think;
            in.a = step.thinkMinNs;
            in.b = step.thinkMaxNs;
            m_instructions.append(in);
            break;
        case StepSpec::Kind::Close:
            in.op = Instruction::Op::Close;
            in.a = step.closeCode;
            m_instructions.append(in);
            break;
        case StepSpec::Kind::Repeat: {
            if (step.repeatCount < 0 && step.everyNs == 0 && !canWait(step.steps)) {
                *error = ScenarioFile::where(m_file.spec().fileName, step.pos)
                    + QStringLiteral("expected an await, a think or every in a repeat: forever (it would never wait, "
                                     "and send as fast as the thread runs)");
                return false;
            }
            in.op = Instruction::Op::RepeatBegin;
            in.slot = m_loopSlots++;
            in.a = step.repeatCount;
            in.b = step.everyNs;
            const int begin = int(m_instructions.size());
            m_instructions.append(in);
            if (!compileSteps(step.steps, scope, error))
                return false;
            in.op = Instruction::Op::RepeatEnd;
            in.jump = begin;
            m_instructions.append(in);
            m_instructions[begin].jump = int(m_instructions.size());
            break;
        }
        }
    }
    return true;
}

const QVector<QByteArray> *ScenarioProgram::row(qint64 conn) const
{
    if (!m_file.data())
        return nullptr;
    return &m_file.data()->row(int(conn % m_file.data()->rowCount()));
}

QString ScenarioProgram::checkConnections(qint64 connections) const
{
    if (!m_file.data() || !m_file.spec().uniqueRows || connections <= m_file.data()->rowCount())
        return QString();
    return QStringLiteral("%1: data.order unique gives each connection its own row: %2 connections need %2 rows, the file has %3")
        .arg(QFileInfo(m_file.spec().csvPath).fileName())
        .arg(connections)
        .arg(m_file.data()->rowCount());
}
