// Threshold::parse(), what --threshold runs, on any text: an accepted threshold describes itself
// and parses again from its own text.

#include <threshold.h>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const std::optional<Threshold> threshold = Threshold::parse(text, &error);
    if (!threshold) {
        if (error.isEmpty())
            __builtin_trap();
        return 0;
    }
    const RunSummary summary;
    threshold->describe(summary);
    threshold->passes(summary);
    if (!Threshold::parse(threshold->text(), &error))
        __builtin_trap();
    return 0;
}
