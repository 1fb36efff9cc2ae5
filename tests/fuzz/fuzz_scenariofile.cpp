// libFuzzer target: a scenario file's text through ScenarioFile (yaml-cpp and the key checks) and,
// when it loads, ScenarioProgram (templates and matchers). Anything may be refused with a message;
// nothing may crash, hang or read out of bounds.
#include <scenarioprogram.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const auto file = ScenarioFile::parse(text, QStringLiteral("fuzz.yaml"), QString(), &error);
    if (!file) {
        if (!error.startsWith(QLatin1String("fuzz.yaml:")))
            __builtin_trap(); // every refusal names the file, line and column
        return 0;
    }
    const auto env = [](const QString &name) -> std::optional<QByteArray> {
        return name == QLatin1String("SET") ? std::optional<QByteArray>("value") : std::nullopt;
    };
    ScenarioProgram::compile(*file, "ws://127.0.0.1:1/", env, &error);
    return 0;
}
