// WireFrame::readHeader() and take(), the frame reader of the guard, the load engine and the tests,
// on any bytes: never reads past them, and a frame taken, written again and taken back is equal.

#include <wireframe.h>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    WireFrame::Header h;
    if (WireFrame::readHeader(input.constData(), input.size(), &h)) {
        if (h.bytes > input.size() || (h.masked && h.key != input.constData() + h.bytes - 4))
            __builtin_trap();
    }
    QByteArray buffer = input;
    WireFrame frame;
    while (WireFrame::take(&buffer, &frame)) {
        WireFrame::closeCode(frame.payload);
        QByteArray again = WireFrame::encode(frame.opcode, frame.payload, frame.fin, false, frame.rsv);
        WireFrame back;
        if (!WireFrame::take(&again, &back) || !again.isEmpty() || back.opcode != frame.opcode || back.fin != frame.fin
            || back.rsv != frame.rsv || back.masked || back.payload != frame.payload)
            __builtin_trap();
    }
    return 0;
}
