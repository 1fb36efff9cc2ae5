#pragma once

#include "scenariospec.h"

#include <QByteArray>
#include <QVector>

#include <functional>
#include <optional>
#include <random>

class CsvTable;
class ScenarioFrame;

// What a template may name, fixed when the program is compiled.
struct TemplateScope
{
    QByteArray target; // the URL given on the command line
    const CsvTable *data = nullptr; // row.FIELD needs it
    bool message = false; // msg.FIELD: only in a handler's reply
    std::function<std::optional<QByteArray>(const QString &)> env; // env.NAME, read once when compiling
};

// What a template's variables take their values from when it is rendered.
struct TemplateInputs
{
    const QVector<QByteArray> *row = nullptr;
    qint64 conn = 0;
    quint64 seq = 0;
    ScenarioFrame *msg = nullptr;
    qint64 nowEpochMs = 0;
    std::mt19937_64 *random = nullptr;
};

// A "{{name}}" template split once into literal and variable parts, so rendering is appending bytes
// and formatting numbers, never parsing. target and env.NAME become literals when compiled.
class ScenarioTemplate
{
public:
    // nullopt with "file:line:column: what was expected" in *error.
    static std::optional<ScenarioTemplate> compile(const TextAt &text, const TemplateScope &scope, const QString &fileName,
                                                   QString *error);

    // Appends the rendered bytes to *out.
    void render(const TemplateInputs &in, QByteArray *out) const;
    bool isConstant() const;
    QByteArray constantText() const; // the text, when isConstant()

    static void appendUuid(std::mt19937_64 &random, QByteArray *out);

private:
    enum class Kind : quint8 { Literal, Row, Conn, Seq, Msg, NowMs, Uuid, RandInt };
    struct Part
    {
        Kind kind = Kind::Literal;
        int offset = 0; // Literal and Msg: where in m_text; Row: the column
        int length = 0;
        qint64 low = 0, high = 0; // RandInt
    };

    bool addVariable(const QByteArray &name, const TemplateScope &scope, QString *error);
    void addLiteral(const QByteArray &bytes);

    QVector<Part> m_parts;
    QByteArray m_text; // literal bytes and msg field names
};
