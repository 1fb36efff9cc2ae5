// libFuzzer target: the load client's frame parser (wsclient/frameparser.cpp) on a server's stream.
// The first byte picks how the rest is cut (1..256-byte pieces), so headers, lengths and payloads
// split at every offset; the handler checks what the parser promises.
#include <frameparser.h>
#include <utf8validation.h>

#include <cstdint>
#include <cstdlib>

namespace {

constexpr quint64 kMaxMessageBytes = 1 << 16;

struct Checker : FrameParser::Handler
{
    bool ended = false;
    bool messageReceived(bool text, const char *data, qsizetype size) override
    {
        if (ended || quint64(size) > kMaxMessageBytes || (text && !isValidUtf8(data, size)))
            abort();
        return true;
    }
    bool pingReceived(const char *, qsizetype size) override
    {
        if (ended || size > 125)
            abort();
        return true;
    }
    bool pongReceived(const char *, qsizetype size) override { return pingReceived(nullptr, size); }
    void closeReceived(int code, const char *reason, qsizetype size) override
    {
        if (ended || (code != 1005 && !FrameParser::isValidCloseCode(code)) || !isValidUtf8(reason, size))
            abort();
        ended = true;
    }
    void faultFound(FrameParser::Fault fault) override
    {
        if (ended || fault == FrameParser::Fault::None)
            abort();
        ended = true;
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const size_t piece = size_t(data[0]) + 1;
    FrameParser parser(kMaxMessageBytes);
    Checker checker;
    for (size_t at = 1; at < size; at += piece)
        parser.feed(reinterpret_cast<const char *>(data) + at, qsizetype(std::min(piece, size - at)), checker);
    if (checker.ended != parser.hasStopped())
        abort();
    return 0;
}
