#include "scenariopreview.h"

#include "scenariocontext.h"

#include <QFileInfo>

using Op = ScenarioProgram::Instruction::Op;

QString ScenarioPreview::duration(qint64 ns)
{
    const auto format = [](double v, const char *unit) -> QString { return QString::number(v, 'g', 6) + QLatin1String(unit); };
    if (ns >= 60'000'000'000 && ns % 60'000'000'000 == 0)
        return format(double(ns) / 60e9, "m");
    if (ns >= 1'000'000'000)
        return format(double(ns) / 1e9, "s");
    if (ns >= 1'000'000)
        return format(double(ns) / 1e6, "ms");
    return format(double(ns) / 1e3, "us");
}

qint64 ScenarioPreview::sendsBetween(const ScenarioProgram &program, int from, int to)
{
    const auto &code = program.instructions();
    qint64 sends = 0;
    for (int pc = from; pc < to; ++pc) {
        if (code[pc].op == Op::Send) {
            ++sends;
        } else if (code[pc].op == Op::RepeatBegin) {
            const qint64 inner = sendsBetween(program, pc + 1, code[pc].jump - 1);
            if (inner < 0 || (inner > 0 && code[pc].a < 0))
                return -1;
            sends += inner * code[pc].a;
            pc = code[pc].jump - 1;
        }
    }
    return sends;
}

QString ScenarioPreview::steps(const ScenarioProgram &program, const TemplateInputs &first)
{
    const auto &code = program.instructions();
    TemplateInputs in = first;
    QString out;
    QVector<quint64> seqAtBegin;
    int depth = 1;
    for (int pc = 0; pc < code.size(); ++pc) {
        const ScenarioProgram::Instruction &i = code[pc];
        const QString indent(2 * depth, QLatin1Char(' '));
        switch (i.op) {
        case Op::Send: {
            ++in.seq;
            QByteArray bytes;
            program.sendTemplate(i.index).render(in, &bytes);
            out += indent + (i.binary ? QStringLiteral("send binary  ") : QStringLiteral("send  ")) + QString::fromUtf8(bytes) + QLatin1Char('\n');
            break;
        }
        case Op::Await: {
            QString details = QStringLiteral("timeout ") + duration(i.a);
            if (i.metric >= 0)
                details += QStringLiteral(", metric ") + program.metricNames().at(i.metric);
            if (i.closeOnTimeout)
                details += QStringLiteral(", close on timeout");
            out += indent + QStringLiteral("await %1  (%2)\n").arg(program.matcher(i.index).description(), details);
            break;
        }
        case Op::Think:
            out += indent + QStringLiteral("think ") + duration(i.a) + (i.b > i.a ? QStringLiteral("..") + duration(i.b) : QString())
                + QLatin1Char('\n');
            break;
        case Op::RepeatBegin:
            out += indent + (i.a < 0 ? QStringLiteral("repeat forever") : QStringLiteral("repeat %1 times").arg(i.a))
                + (i.b > 0 ? QStringLiteral(", one every ") + duration(i.b) : QString()) + QStringLiteral(" (first pass shown)\n");
            seqAtBegin.append(in.seq);
            ++depth;
            break;
        case Op::RepeatEnd: {
            --depth;
            const ScenarioProgram::Instruction &begin = code[i.jump];
            const qint64 perPass = sendsBetween(program, i.jump + 1, pc);
            if (begin.a < 0 || perPass < 0) {
                if (pc + 2 < code.size())
                    out += QString(2 * depth, QLatin1Char(' ')) + QStringLiteral("(the steps below come after a repeat forever: never)\n");
                return out;
            }
            in.seq = seqAtBegin.takeLast() + quint64(perPass * begin.a);
            break;
        }
        case Op::Close: out += indent + QStringLiteral("close %1\n").arg(i.a); break;
        case Op::End: break;
        }
    }
    return out;
}

QString ScenarioPreview::text(const ScenarioProgram &program, qint64 conn)
{
    ScenarioContext context(program, 0);
    TemplateInputs in;
    in.row = program.row(conn);
    in.conn = conn;
    in.nowEpochMs = context.epochMs(ScenarioContext::steadyNowNs());
    in.random = &context.random();
    const ScenarioFile &file = program.file();
    QString out = QStringLiteral("%1, connection %2").arg(file.spec().fileName).arg(conn);
    if (file.data())
        out += QStringLiteral(" (row %1 of %2 in %3)").arg(conn % file.data()->rowCount() + 1).arg(file.data()->rowCount())
                   .arg(QFileInfo(file.spec().csvPath).fileName());
    QByteArray url;
    program.url().render(in, &url);
    out += QStringLiteral("\nURL      ") + QString::fromUtf8(url) + QLatin1Char('\n');
    for (const auto &[name, value] : program.headers()) {
        QByteArray rendered;
        value.render(in, &rendered);
        out += QStringLiteral("Header   %1: %2\n").arg(QString::fromUtf8(name), QString::fromUtf8(rendered));
    }
    out += QStringLiteral("Steps\n") + steps(program, in);
    const QVector<HandlerSpec> &handlers = file.spec().handlers;
    if (!handlers.isEmpty())
        out += QStringLiteral("Handlers (frames no step awaits; the first that matches takes the frame)\n");
    for (int h = 0; h < handlers.size(); ++h) {
        QStringList actions;
        if (handlers[h].reply)
            actions << QStringLiteral("reply%1 %2").arg(handlers[h].binary ? QStringLiteral(" binary") : QString(), handlers[h].reply->text);
        if (!handlers[h].count.isEmpty())
            actions << QStringLiteral("count %1").arg(handlers[h].count);
        if (handlers[h].latencyFrom)
            actions << QStringLiteral("latency %1 from field %2").arg(handlers[h].metric, handlers[h].latencyFrom->text);
        out += QStringLiteral("  %1  -> %2\n").arg(program.matcher(program.handlers()[h].matcher).description(),
                                                  actions.isEmpty() ? QStringLiteral("take it") : actions.join(QLatin1String(", ")));
    }
    out += QStringLiteral("Metrics: %1; counters: %2")
               .arg(program.metricNames().isEmpty() ? QStringLiteral("none") : program.metricNames().join(QLatin1String(", ")),
                    program.counterNames().isEmpty() ? QStringLiteral("none") : program.counterNames().join(QLatin1String(", ")));
    return out;
}
