#include "scenariomatcher.h"

#include "scenarioframe.h"

#include <charconv>
#include <cstring>

std::optional<ScenarioMatcher::Expected> ScenarioMatcher::compileExpected(const TextAt &text, const TemplateScope &scope,
                                                                          const QString &fileName, QString *error)
{
    auto value = ScenarioTemplate::compile(text, scope, fileName, error);
    if (!value)
        return std::nullopt;
    Expected e{*value, QByteArray(), value->isConstant()};
    if (e.isConstant)
        e.constant = value->constantText();
    return e;
}

std::optional<ScenarioMatcher> ScenarioMatcher::compile(const MatchSpec &spec, const TemplateScope &scope, const QString &fileName,
                                                        QString *error)
{
    ScenarioMatcher m;
    const std::pair<RawTest, const std::optional<TextAt> *> raw[] = {
        {RawTest::Equals, &spec.equals}, {RawTest::StartsWith, &spec.startsWith}, {RawTest::Contains, &spec.contains}};
    for (const auto &[test, text] : raw) {
        if (!*text)
            continue;
        auto e = compileExpected(**text, scope, fileName, error);
        if (!e)
            return std::nullopt;
        m.m_raw.append({test, *e});
    }
    QVector<FieldTest> variable;
    for (const auto &[name, value] : spec.fields) {
        auto e = compileExpected(value, scope, fileName, error);
        if (!e)
            return std::nullopt;
        (e->isConstant ? m.m_fields : variable).append(FieldTest{name.text.toUtf8(), *e});
    }
    m.m_fields += variable;
    QStringList parts;
    QStringList fields;
    for (const auto &[name, value] : spec.fields)
        fields << name.text + QStringLiteral(": ") + value.text;
    if (!fields.isEmpty())
        parts << QLatin1Char('{') + fields.join(QLatin1String(", ")) + QLatin1Char('}');
    const std::pair<const char *, const std::optional<TextAt> *> named[] = {
        {"equals", &spec.equals}, {"starts_with", &spec.startsWith}, {"contains", &spec.contains}};
    for (const auto &[key, text] : named) {
        if (*text)
            parts << QStringLiteral("%1 \"%2\"").arg(QLatin1String(key), (*text)->text);
    }
    m.m_description = parts.join(QLatin1Char(' '));
    return m;
}

std::string_view ScenarioMatcher::render(const Expected &e, const TemplateInputs &in, QByteArray *scratch)
{
    if (e.isConstant)
        return std::string_view(e.constant.constData(), size_t(e.constant.size()));
    scratch->resize(0); // keeps the allocation, unlike clear()
    e.value.render(in, scratch);
    return std::string_view(scratch->constData(), size_t(scratch->size()));
}

bool ScenarioMatcher::rawMatches(RawTest test, std::string_view bytes, std::string_view expected)
{
    switch (test) {
    case RawTest::Equals: return bytes == expected;
    case RawTest::StartsWith: return bytes.substr(0, expected.size()) == expected;
    case RawTest::Contains:
        return expected.empty() || memmem(bytes.data(), bytes.size(), expected.data(), expected.size()) != nullptr;
    }
    return false;
}

bool ScenarioMatcher::fieldEquals(const JsonFields::Field &field, std::string_view expected, std::string *unescaped)
{
    switch (field.type) {
    case JsonFields::Type::String:
        if (!field.valueEscaped)
            return field.value == expected;
        return JsonFields::unescape(field.value, unescaped) && *unescaped == expected;
    case JsonFields::Type::Number: {
        if (field.value == expected)
            return true;
        double actual = 0, wanted = 0;
        const char *end = expected.data() + expected.size();
        const auto a = std::from_chars(field.value.data(), field.value.data() + field.value.size(), actual);
        const auto w = std::from_chars(expected.data(), end, wanted);
        return a.ec == std::errc() && w.ec == std::errc() && w.ptr == end && actual == wanted;
    }
    case JsonFields::Type::True:
    case JsonFields::Type::False:
    case JsonFields::Type::Null: return field.value == expected;
    case JsonFields::Type::Object:
    case JsonFields::Type::Array: return false; // nested values are not matched (docs/scenario-format.md)
    }
    return false;
}

bool ScenarioMatcher::matches(ScenarioFrame &frame, const TemplateInputs &in, QByteArray *scratch, std::string *unescaped) const
{
    for (const auto &[test, expected] : m_raw) {
        if (!rawMatches(test, frame.bytes(), render(expected, in, scratch)))
            return false;
    }
    for (const FieldTest &test : m_fields) {
        const JsonFields::Field *field = frame.field(std::string_view(test.name.constData(), size_t(test.name.size())));
        if (!field || !fieldEquals(*field, render(test.expected, in, scratch), unescaped))
            return false;
    }
    return true;
}
