#pragma once

#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

// The top-level members of one JSON object, found in a single pass over the bytes without building
// a document: each member's name and value stay views into the message. Nested objects and arrays
// are checked and skipped, not parsed. Reused frame after frame, so it allocates only while its
// field list grows.
class JsonFields
{
public:
    enum class Type : quint8 { String, Number, True, False, Null, Object, Array };

    struct Field
    {
        std::string_view name; // as written, escapes included
        std::string_view value; // a string's content without the quotes, escapes included; else the raw value
        Type type = Type::Null;
        bool nameEscaped = false;
        bool valueEscaped = false;
    };

    static constexpr int kMaxDepth = 64;

    // False, with no fields, when bytes are not exactly one well-formed JSON object.
    bool scan(std::string_view bytes);
    const std::vector<Field> &fields() const { return m_fields; }
    quint64 scanCount() const { return m_scans; }
    // The last member called name (most JSON readers let a repeated name win), or nullptr.
    const Field *find(std::string_view name) const;

    // A string value's text with escapes resolved; false for a broken escape.
    static bool unescape(std::string_view raw, std::string *out);

private:
    bool skipValue(int depth, Type *type);
    bool string(bool *escaped);
    bool number();
    bool literal(std::string_view word);
    void skipSpace();

    std::vector<Field> m_fields;
    quint64 m_scans = 0;
    mutable std::string m_scratch;
    const char *m_p = nullptr;
    const char *m_end = nullptr;
};
