#pragma once

#include <QByteArray>
#include <QString>

// FrameGuard's state machine, without a socket: it is fed every byte a client sends after the
// upgrade, once and in order, always before QtWebSockets reads it, and says which bytes to leave
// for QtWebSockets and what to give it instead of the others (docs/QT-NOTES.md). It never needs to
// know how much QtWebSockets has read: header bytes are kept in its own small buffer and the
// decision to take a fragmented text message over is made on the frame's first byte.
class FrameGuardParser
{
public:
    explicit FrameGuardParser(qint64 maxMessageBytes);

    struct Result
    {
        qint64 kept = 0; // leading bytes of the input left where they are, for QtWebSockets
        QByteArray replacement; // what QtWebSockets gets instead of the rest of the input
    };
    // Feeds the next bytes of the stream. Once failed() it keeps every byte and looks at none.
    Result feed(const char *data, qint64 size);
    // Bytes coming next that are payload QtWebSockets reads as they are: skip() passes them unseen.
    qint64 passThroughAhead() const;
    void skip(qint64 bytes);

    bool failed() const { return m_closeCode != 0; }
    int closeCode() const { return m_closeCode; } // to close with, once failed()
    QString kind() const { return m_kind; } // names the violation for the counters
    QString reason() const { return m_reason; } // for the close frame

private:
    enum class Route { PassThrough, Collect };

    void startFrame(uchar first, bool *takeOver);
    bool headerByte(uchar byte);
    QByteArray finishFrame();
    void fail(int closeCode, const char *kind, const char *reason);

    const qint64 m_maxMessageBytes;
    char m_header[14] = {}; // the current frame's header as far as it arrived
    int m_headerBytes = 0;
    int m_headerNeeded = 2; // known after the second byte
    Route m_route = Route::PassThrough;
    bool m_finalFragment = false;
    quint64 m_payloadLeft = 0;
    char m_key[4] = {};
    int m_keyOffset = 0;
    bool m_binaryInProgress = false; // a fragmented binary message QtWebSockets is assembling
    bool m_collecting = false; // fragments of a text message taken over from QtWebSockets
    QByteArray m_message; // their payload so far, unmasked
    int m_closeCode = 0;
    QString m_kind;
    QString m_reason;
};
