// libFuzzer target: received frames through JsonFields, the one-pass scanner every scenario
// matcher reads frames with. Any bytes may arrive from the network.
#include <jsonfields.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static JsonFields fields;
    static std::string text;
    if (!fields.scan(std::string_view(reinterpret_cast<const char *>(data), size)))
        return 0;
    for (const JsonFields::Field &f : fields.fields()) {
        if (fields.find(f.name) == nullptr && !f.nameEscaped)
            __builtin_trap(); // a field the scan found must be found by its name
        if (f.type == JsonFields::Type::String)
            JsonFields::unescape(f.value, &text);
    }
    return 0;
}
