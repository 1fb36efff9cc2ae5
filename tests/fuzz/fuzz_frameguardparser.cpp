// FrameGuardParser on any client stream, cut anywhere: the first input byte picks the message
// limit, the second how to cut the rest. The verdict and what QtWebSockets gets must not depend
// on the cuts (nor on skip()), and kept bytes never exceed what was fed.

#include <frameguardparser.h>

#include <cstdint>

namespace {

struct Outcome
{
    QByteArray forQt;
    int closeCode = 0;
    QString kind;
};

Outcome run(const QByteArray &stream, qint64 maxMessageBytes, quint32 cutSeed)
{
    FrameGuardParser parser(maxMessageBytes);
    Outcome out;
    quint32 state = cutSeed * 2654435761u + 1;
    qsizetype pos = 0;
    while (pos < stream.size() && !parser.failed()) {
        qsizetype n = stream.size() - pos;
        if (cutSeed != 0) {
            state = state * 1103515245u + 12345u;
            n = qMin<qsizetype>(n, 1 + (state >> 16) % ((state >> 8) % 2 ? 3 : 64));
        }
        const qint64 skipped = cutSeed != 0 && (state >> 4) % 2 ? qMin<qint64>(parser.passThroughAhead(), n) : 0;
        parser.skip(skipped);
        const FrameGuardParser::Result r = parser.feed(stream.constData() + pos + skipped, n - skipped);
        if (r.kept < 0 || r.kept > n - skipped)
            __builtin_trap();
        out.forQt += stream.mid(pos, skipped + r.kept) + r.replacement;
        pos += n;
    }
    out.closeCode = parser.closeCode();
    out.kind = parser.kind();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const qint64 maxMessageBytes = qint64(1) << (data[0] % 32);
    const quint32 cutSeed = data[1];
    const QByteArray stream(reinterpret_cast<const char *>(data) + 2, qsizetype(size) - 2);
    const Outcome whole = run(stream, maxMessageBytes, 0);
    const Outcome cut = run(stream, maxMessageBytes, cutSeed + 1);
    if (whole.closeCode != cut.closeCode || whole.kind != cut.kind)
        __builtin_trap();
    if (whole.closeCode == 0 && whole.forQt != cut.forQt)
        __builtin_trap();
    if (whole.closeCode != 0 && whole.closeCode != 1002 && whole.closeCode != 1009)
        __builtin_trap();
    return 0;
}
