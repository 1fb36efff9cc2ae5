#pragma once

#include "scenarioprogram.h"

#include <QString>

// What one connection of a scenario would do, as text for --dry-run: its URL and headers, the
// steps with the messages it would send on the first pass through each repeat (seq as it would
// be), and the handlers. Nothing is opened or sent.
class ScenarioPreview
{
public:
    static QString text(const ScenarioProgram &program, qint64 conn);
    // 5000000000 -> "5s", 100000000 -> "100ms", 1500000000 -> "1.5s"
    static QString duration(qint64 ns);

private:
    static QString steps(const ScenarioProgram &program, const TemplateInputs &first);
    // Sends per pass through instructions [from, to), nested repeats multiplied; -1 when endless.
    static qint64 sendsBetween(const ScenarioProgram &program, int from, int to);
};
