#pragma once

#include "jsonfields.h"
#include "scenariotemplate.h"

#include <QVector>

#include <optional>
#include <string>

class ScenarioFrame;

// Which frames an await or a handler takes: top-level JSON fields of a text message, each compared
// as its type says (a string by its text, a number by its value, true/false/null by the word),
// and raw-byte tests (equals, starts_with, contains) on any message. All given tests must hold.
// Values without variables are rendered once when compiling; the cheap tests run first.
class ScenarioMatcher
{
public:
    static std::optional<ScenarioMatcher> compile(const MatchSpec &spec, const TemplateScope &scope, const QString &fileName,
                                                  QString *error);

    // scratch holds rendered values; unescaped holds a string field's text when it has escapes.
    bool matches(ScenarioFrame &frame, const TemplateInputs &in, QByteArray *scratch, std::string *unescaped) const;

    // The tests as written in the file: {type: ack, id: "{{seq}}"} contains "x"
    QString description() const { return m_description; }

    // Whether a JSON field's value equals expected, compared by the field's type.
    static bool fieldEquals(const JsonFields::Field &field, std::string_view expected, std::string *unescaped);

private:
    struct Expected
    {
        ScenarioTemplate value;
        QByteArray constant; // rendered once, when value has no variables
        bool isConstant = false;
    };
    struct FieldTest
    {
        QByteArray name;
        Expected expected;
    };
    enum class RawTest { Equals, StartsWith, Contains };

    static std::optional<Expected> compileExpected(const TextAt &text, const TemplateScope &scope, const QString &fileName,
                                                   QString *error);
    static std::string_view render(const Expected &e, const TemplateInputs &in, QByteArray *scratch);
    static bool rawMatches(RawTest test, std::string_view bytes, std::string_view expected);

    QVector<QPair<RawTest, Expected>> m_raw;
    QVector<FieldTest> m_fields; // those with constant values first
    QString m_description;
};
