#pragma once

#include "scenariofile.h"
#include "scenariomatcher.h"
#include "scenariotemplate.h"

#include <QStringList>
#include <QVector>

#include <optional>

// A scenario file compiled once for a run: templates split into parts, matchers with their constant
// values rendered, and the steps flattened into instructions that ScenarioRun steps through with a
// program counter. Read-only after compile(), so every load thread can share one.
class ScenarioProgram
{
public:
    struct Instruction
    {
        enum class Op : quint8 { Send, Await, Think, RepeatBegin, RepeatEnd, Close, End };
        Op op = Op::End;
        bool binary = false; // Send
        bool fromSend = false; // Await: latency counts from the step's send, else from the step's start
        bool closeOnTimeout = false; // Await
        int index = -1; // Send: template; Await: matcher
        int metric = -1; // Await: metric number, -1 for none
        int slot = -1; // Repeat: its loop slot in a run
        int jump = -1; // RepeatBegin: the instruction after its end; RepeatEnd: its begin
        qint64 a = 0, b = 0; // Await: timeout ns; Think: min, max ns; Repeat: count (-1 forever), every ns; Close: code
        int line = 0;
    };

    struct Handler
    {
        int matcher = -1;
        int reply = -1; // template
        bool binary = false;
        int counter = -1;
        int metric = -1; // latency_from's
        QByteArray latencyField;
    };

    using Environment = std::function<std::optional<QByteArray>(const QString &)>;

    // nullopt with "file:line:column: what was expected" in *error. target is the URL of the command line.
    static std::optional<ScenarioProgram> compile(const ScenarioFile &file, const QByteArray &target, const Environment &env,
                                                  QString *error);
    static std::optional<QByteArray> processEnvironment(const QString &name);

    const ScenarioFile &file() const { return m_file; }
    const ScenarioTemplate &url() const { return m_url; }
    const QVector<QPair<QByteArray, ScenarioTemplate>> &headers() const { return m_headers; }

    // The CSV row of a connection (i mod rows), or nullptr without data.
    const QVector<QByteArray> *row(qint64 conn) const;
    // Empty when this many connections can run; with data.order unique, more connections than rows cannot.
    QString checkConnections(qint64 connections) const;

    const QStringList &metricNames() const { return m_metricNames; }
    const QStringList &counterNames() const { return m_counterNames; }

    const QVector<Instruction> &instructions() const { return m_instructions; }
    const QVector<Handler> &handlers() const { return m_handlers; }
    const ScenarioTemplate &sendTemplate(int index) const { return m_templates[index]; }
    const ScenarioMatcher &matcher(int index) const { return m_matchers[index]; }
    int loopSlots() const { return m_loopSlots; }

private:
    bool compileSteps(const QVector<StepSpec> &steps, const TemplateScope &scope, QString *error);
    bool compileAwait(const AwaitSpec &await, bool fromSend, int line, const TemplateScope &scope, QString *error);
    bool compileHandler(const HandlerSpec &handler, TemplateScope scope, QString *error);
    static bool canWait(const QVector<StepSpec> &steps);
    static int nameIndex(QStringList *names, const QString &name);

    ScenarioFile m_file;
    ScenarioTemplate m_url;
    QVector<QPair<QByteArray, ScenarioTemplate>> m_headers;
    QVector<Instruction> m_instructions;
    QVector<Handler> m_handlers;
    QVector<ScenarioTemplate> m_templates;
    QVector<ScenarioMatcher> m_matchers;
    QStringList m_metricNames;
    QStringList m_counterNames;
    int m_loopSlots = 0;
};
