#include "jsonfields.h"

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool readHex4(std::string_view s, size_t at, unsigned *out)
{
    if (at + 4 > s.size())
        return false;
    *out = 0;
    for (size_t i = at; i < at + 4; ++i) {
        const int h = hexValue(s[i]);
        if (h < 0)
            return false;
        *out = *out * 16 + unsigned(h);
    }
    return true;
}

void appendUtf8(unsigned cp, std::string *out)
{
    if (cp < 0x80) {
        out->push_back(char(cp));
    } else if (cp < 0x800) {
        out->push_back(char(0xC0 | (cp >> 6)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out->push_back(char(0xE0 | (cp >> 12)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out->push_back(char(0xF0 | (cp >> 18)));
        out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    }
}

} // namespace

bool JsonFields::scan(std::string_view bytes)
{
    ++m_scans;
    m_fields.clear();
    m_p = bytes.data();
    m_end = bytes.data() + bytes.size();
    skipSpace();
    if (m_p == m_end || *m_p != '{')
        return false;
    ++m_p;
    skipSpace();
    bool ok = true;
    if (m_p != m_end && *m_p == '}') {
        ++m_p;
    } else {
        for (;;) {
            Field field;
            const char *nameStart = m_p + 1;
            if (!string(&field.nameEscaped)) {
                ok = false;
                break;
            }
            field.name = std::string_view(nameStart, size_t(m_p - 1 - nameStart));
            skipSpace();
            if (m_p == m_end || *m_p != ':') {
                ok = false;
                break;
            }
            ++m_p;
            skipSpace();
            const char *valueStart = m_p;
            if (m_p != m_end && *m_p == '"') {
                field.type = Type::String;
                if (!string(&field.valueEscaped)) {
                    ok = false;
                    break;
                }
                field.value = std::string_view(valueStart + 1, size_t(m_p - 2 - valueStart));
            } else {
                if (!skipValue(1, &field.type)) {
                    ok = false;
                    break;
                }
                field.value = std::string_view(valueStart, size_t(m_p - valueStart));
            }
            m_fields.push_back(field);
            skipSpace();
            if (m_p != m_end && *m_p == ',') {
                ++m_p;
                skipSpace();
                continue;
            }
            if (m_p != m_end && *m_p == '}') {
                ++m_p;
                break;
            }
            ok = false;
            break;
        }
    }
    skipSpace();
    if (!ok || m_p != m_end) {
        m_fields.clear();
        return false;
    }
    return true;
}

const JsonFields::Field *JsonFields::find(std::string_view name) const
{
    for (auto it = m_fields.rbegin(); it != m_fields.rend(); ++it) {
        if (!it->nameEscaped) {
            if (it->name == name)
                return &*it;
        } else if (unescape(it->name, &m_scratch) && m_scratch == name) {
            return &*it;
        }
    }
    return nullptr;
}

bool JsonFields::unescape(std::string_view raw, std::string *out)
{
    out->clear();
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
            out->push_back(raw[i]);
            continue;
        }
        if (++i >= raw.size())
            return false;
        switch (raw[i]) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
            unsigned cp = 0;
            if (!readHex4(raw, i + 1, &cp))
                return false;
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned low = 0;
                if (i + 2 >= raw.size() || raw[i + 1] != '\\' || raw[i + 2] != 'u' || !readHex4(raw, i + 3, &low)
                    || low < 0xDC00 || low > 0xDFFF)
                    return false;
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return false;
            }
            appendUtf8(cp, out);
            break;
        }
        default: return false;
        }
    }
    return true;
}

void JsonFields::skipSpace()
{
    while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
        ++m_p;
}

// At an opening quote; leaves m_p after the closing one.
bool JsonFields::string(bool *escaped)
{
    if (m_p == m_end || *m_p != '"')
        return false;
    ++m_p;
    *escaped = false;
    while (m_p != m_end) {
        const unsigned char c = static_cast<unsigned char>(*m_p++);
        if (c == '"')
            return true;
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (m_p == m_end)
                return false;
            *escaped = true;
            ++m_p; // the escape's validity is checked when the text is needed
        }
    }
    return false;
}

bool JsonFields::number()
{
    if (m_p != m_end && *m_p == '-')
        ++m_p;
    if (m_p == m_end || !isDigit(*m_p))
        return false;
    if (*m_p == '0')
        ++m_p;
    else
        while (m_p != m_end && isDigit(*m_p))
            ++m_p;
    if (m_p != m_end && *m_p == '.') {
        ++m_p;
        if (m_p == m_end || !isDigit(*m_p))
            return false;
        while (m_p != m_end && isDigit(*m_p))
            ++m_p;
    }
    if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
        ++m_p;
        if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
            ++m_p;
        if (m_p == m_end || !isDigit(*m_p))
            return false;
        while (m_p != m_end && isDigit(*m_p))
            ++m_p;
    }
    return true;
}

bool JsonFields::literal(std::string_view word)
{
    if (size_t(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word)
        return false;
    m_p += word.size();
    return true;
}

bool JsonFields::skipValue(int depth, Type *type)
{
    if (m_p == m_end)
        return false;
    bool escaped = false;
    switch (*m_p) {
    case '"': *type = Type::String; return string(&escaped);
    case 't': *type = Type::True; return literal("true");
    case 'f': *type = Type::False; return literal("false");
    case 'n': *type = Type::Null; return literal("null");
    case '{':
    case '[': {
        if (depth >= kMaxDepth)
            return false;
        const bool object = *m_p == '{';
        const char close = object ? '}' : ']';
        *type = object ? Type::Object : Type::Array;
        ++m_p;
        skipSpace();
        if (m_p != m_end && *m_p == close) {
            ++m_p;
            return true;
        }
        for (;;) {
            Type inner;
            if (object) {
                if (!string(&escaped))
                    return false;
                skipSpace();
                if (m_p == m_end || *m_p != ':')
                    return false;
                ++m_p;
                skipSpace();
            }
            if (!skipValue(depth + 1, &inner))
                return false;
            skipSpace();
            if (m_p == m_end)
                return false;
            if (*m_p == close) {
                ++m_p;
                return true;
            }
            if (*m_p != ',')
                return false;
            ++m_p;
            skipSpace();
        }
    }
    default: *type = Type::Number; return number();
    }
}
