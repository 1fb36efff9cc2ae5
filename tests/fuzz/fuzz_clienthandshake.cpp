// libFuzzer target: the load client's reading of a server's answer to its upgrade request
// (wsclient/handshake.cpp), fed whole and as the prefixes a slow server would deliver.
#include <handshake.h>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QByteArray key = "dGhlIHNhbXBsZSBub25jZQ==";
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const Handshake::Response whole = Handshake::readResponse(bytes, key, "chat, superchat");
    if (whole.result != Handshake::Response::Result::Incomplete) {
        if (whole.headBytes < 0 || whole.headBytes > bytes.size())
            abort();
        if (whole.result == Handshake::Response::Result::Accepted && (whole.status != 101 || !whole.failure.isEmpty()))
            abort();
        whole.header("sec-websocket-protocol");
    }
    // A prefix never reads as more than the whole: incomplete, or the same verdict on the same head.
    const Handshake::Response prefix = Handshake::readResponse(bytes.left(bytes.size() / 2), key, "chat, superchat");
    if (prefix.result != Handshake::Response::Result::Incomplete && prefix.headBytes > 0
        && (prefix.headBytes != whole.headBytes || prefix.result != whole.result))
        abort();
    return 0;
}
