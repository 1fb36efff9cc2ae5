#pragma once

#include "scenariospec.h"

#include <QByteArray>
#include <QString>

#include <initializer_list>

namespace YAML {
class Node;
}

// Reads a scenario file's YAML tree into a ScenarioSpec, stopping at the first problem with
// "file:line:column: what was expected". Used by ScenarioFile; knows every key of the format.
class ScenarioSpecReader
{
public:
    ScenarioSpecReader(const QString &fileName, const QByteArray &text);
    QString error() const { return m_error; }
    bool readRoot(const YAML::Node &root, ScenarioSpec *spec);

private:
    bool fail(const YAML::Node &node, const QString &what) { return failAt(pos(node), what); }
    bool failAt(SourcePos at, const QString &what);
    static SourcePos pos(const YAML::Node &node);
    static QString keyList(std::initializer_list<const char *> keys, const char *separator = ", ");
    // A mapping whose keys are all scalars, known and given once.
    bool checkKeys(const YAML::Node &map, const char *what, std::initializer_list<const char *> allowed);
    bool scalar(const YAML::Node &node, const QString &what, QString *out);
    // A string with where its first character is; exact when the scalar is written on one line as is.
    bool text(const YAML::Node &node, const QString &what, TextAt *out);
    bool oneOf(const YAML::Node &node, const QString &what, std::initializer_list<const char *> choices, QString *out);
    bool boolean(const YAML::Node &node, const QString &what, bool *out);
    bool name(const YAML::Node &node, const QString &what, QString *out, SourcePos *at);
    bool duration(const YAML::Node &node, const QString &what, qint64 *ns);
    bool readConnect(const YAML::Node &connect, ScenarioSpec *spec);
    bool readData(const YAML::Node &data, ScenarioSpec *spec);
    // match/contains/equals/starts_with of a handler or an await, which may hold other keys too.
    bool readMatch(const YAML::Node &owner, MatchSpec *match);
    bool readHandler(const YAML::Node &node, HandlerSpec *handler);
    bool readAwait(const YAML::Node &node, AwaitSpec *await);
    bool readSteps(const YAML::Node &steps, int depth, QVector<StepSpec> *out);
    bool readStep(const YAML::Node &node, int depth, StepSpec *step);
    bool readThink(const YAML::Node &node, StepSpec *step);
    bool readClose(const YAML::Node &node, StepSpec *step);
    bool readRepeat(const YAML::Node &node, int depth, StepSpec *step);

    const QString m_fileName;
    const QByteArray m_text;
    QString m_error;
    int m_nodes = 0;
};
