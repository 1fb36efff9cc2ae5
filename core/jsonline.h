#pragma once

#include "metricsample.h"
#include "sessionfile.h"

#include <QByteArray>
#include <QJsonObject>

// One line of a CLI's --json output. Samples carry no "type" (they predate the others); events,
// the load run's summary, the server's "ready" line (its URLs) and the whole session (an agent run
// with `--out -`, so a remote agent's results need no file copied back) say what they are in "type".
// docs/session-format.md lists them.
struct JsonLine
{
    enum class Kind { Sample, Event, Summary, Ready, Session, Invalid };

    Kind kind = Kind::Invalid;
    MetricSample sample;
    SessionEvent event;
    QJsonObject object; // the summary, or the ready line's URLs
    Session session;
    QString error; // why an Invalid line is not readable

    static JsonLine parse(const QByteArray &line);

    static QByteArray fromSample(const MetricSample &sample);
    static QByteArray fromEvent(const SessionEvent &event);
    static QByteArray fromSummary(const QJsonObject &summary);
    static QByteArray fromReady(const QJsonObject &urls);
    static QByteArray fromSession(const Session &session);
};
