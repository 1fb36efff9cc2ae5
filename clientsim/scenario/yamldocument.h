#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

// Reads exactly one YAML document. yaml-cpp 0.7's LoadAll() never returns on some malformed input,
// e.g. a lone ",": its parser hands out empty documents without consuming the token, and LoadAll
// asks again forever, allocating each time (jbeder/yaml-cpp#1040, fixed by #1319 after 0.8.0; found
// by tests/fuzz/fuzz_scenariofile.cpp). This loads the first document with Load() and looks for a
// second one with at most two parser calls. docs/QT-NOTES.md keeps the details.
class YamlDocument
{
public:
    // Throws YAML::Exception as yaml-cpp does; *second is where a second document starts, if any.
    static YAML::Node loadOne(const std::string &text, std::optional<YAML::Mark> *second);
};
