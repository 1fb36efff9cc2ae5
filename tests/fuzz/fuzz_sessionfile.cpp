// SessionFile::fromJson(), what opening a session file runs, on any bytes: a session it accepts
// is written again (Session::toJson) and read back.

#include <sessionfile.h>

#include <QJsonDocument>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const std::optional<Session> session = SessionFile::fromJson(input, &error);
    if (!session) {
        if (error.isEmpty())
            __builtin_trap();
        return 0;
    }
    const QByteArray written = QJsonDocument(session->toJson()).toJson(QJsonDocument::Compact);
    const std::optional<Session> again = SessionFile::fromJson(written, &error);
    if (!again || again->samples.size() != session->samples.size() || again->events.size() != session->events.size())
        __builtin_trap();
    return 0;
}
