#pragma once

#include <QPair>
#include <QString>
#include <QVector>

#include <optional>

// The checked tree a scenario file loads into (ScenarioFile), before ScenarioProgram compiles it.
// Every piece of text that may hold a template keeps where it was written, so a template error
// points at its line and column too.

struct SourcePos
{
    int line = 0; // 1-based
    int column = 0;
};

struct TextAt
{
    QString text;
    SourcePos pos;
    bool verbatim = false; // written on one line as is: pos + offset in the UTF-8 text is a column
};

// What a frame must look like: all given parts must hold.
struct MatchSpec
{
    QVector<QPair<TextAt, TextAt>> fields; // top-level JSON field name -> expected value (a template)
    std::optional<TextAt> contains; // raw bytes anywhere in the message
    std::optional<TextAt> equals; // the whole message
    std::optional<TextAt> startsWith;
    SourcePos pos;

    bool isEmpty() const { return fields.isEmpty() && !contains && !equals && !startsWith; }
};

struct AwaitSpec
{
    MatchSpec match;
    qint64 timeoutNs = 0;
    QString metric; // empty: no latency recorded
    SourcePos metricPos;
    bool closeOnTimeout = false;
    SourcePos pos;
};

struct StepSpec
{
    enum class Kind { Send, Await, Think, Repeat, Close };

    Kind kind = Kind::Send;
    SourcePos pos;
    TextAt send;
    bool binary = false;
    std::optional<AwaitSpec> await; // Send may carry one; Await always does
    qint64 thinkMinNs = 0, thinkMaxNs = 0;
    qint64 repeatCount = -1; // -1: forever
    qint64 everyNs = 0; // 0: each iteration starts when the previous one ends
    QVector<StepSpec> steps; // of a Repeat
    int closeCode = 1000;
};

struct HandlerSpec
{
    MatchSpec match;
    std::optional<TextAt> reply;
    bool binary = false;
    QString count; // a named counter
    SourcePos countPos;
    std::optional<TextAt> latencyFrom; // field holding epoch milliseconds
    QString metric; // where latency_from goes; defaults to count
    SourcePos metricPos;
    SourcePos pos;
};

struct ScenarioSpec
{
    QString fileName; // as given, for messages
    TextAt url;
    QVector<QPair<QString, TextAt>> headers;
    QString csvPath; // resolved against the scenario file's folder; empty without data
    SourcePos csvPos;
    bool uniqueRows = false;
    QVector<HandlerSpec> handlers;
    QVector<StepSpec> steps;
};
