#include "yamldocument.h"

#include <yaml-cpp/eventhandler.h>

#include <sstream>

namespace {

// Notes where a document starts and ignores the rest.
class DocumentStarts : public YAML::EventHandler
{
public:
    void OnDocumentStart(const YAML::Mark &mark) override { start = mark; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t, const std::string &) override {}
    void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

    YAML::Mark start;
};

} // namespace

YAML::Node YamlDocument::loadOne(const std::string &text, std::optional<YAML::Mark> *second)
{
    YAML::Node first = YAML::Load(text);
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentStarts starts;
    second->reset();
    if (parser.HandleNextDocument(starts) && parser.HandleNextDocument(starts))
        *second = starts.start;
    return first;
}
