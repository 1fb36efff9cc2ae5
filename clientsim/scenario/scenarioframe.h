#pragma once

#include "jsonfields.h"

#include <string_view>

// One received message as a run's matchers see it. Its JSON fields are scanned the first time a
// matcher asks for one and never again, however many matchers look at the frame.
class ScenarioFrame
{
public:
    ScenarioFrame(std::string_view bytes, bool text, JsonFields *fields)
        : m_bytes(bytes), m_text(text), m_fields(fields)
    {
    }

    std::string_view bytes() const { return m_bytes; }
    bool isText() const { return m_text; }

    // nullptr for a binary frame, a frame that is not one JSON object, or a missing field.
    const JsonFields::Field *field(std::string_view name)
    {
        if (!m_text)
            return nullptr;
        if (!m_scanned) {
            m_scanned = true;
            m_isObject = m_fields->scan(m_bytes);
        }
        return m_isObject ? m_fields->find(name) : nullptr;
    }

private:
    std::string_view m_bytes;
    bool m_text = true;
    bool m_scanned = false;
    bool m_isObject = false;
    JsonFields *m_fields;
};
