#pragma once

#include "metricsample.h"

#include <QJsonObject>
#include <QString>
#include <QVector>

#include <optional>

// Something that happened at one moment of a run: a failed connect, a close code, a threshold.
struct SessionEvent
{
    // Auto: as the kind implies (engines name kinds, not severities); stored as the implied one.
    enum class Severity { Auto, Info, Warning, Error };

    double elapsedSec = 0;
    QString source; // "load", "server", "console"
    QString kind; // e.g. "connect_failed", "threshold", "child_exited"
    QString message;
    Severity severity = Severity::Auto;

    Severity level() const;
    static Severity severityOfKind(const QString &kind);
    QJsonObject toJson() const;
    static SessionEvent fromJson(const QJsonObject &json);
};

// One load agent's own run inside a merged session: its file name, config, samples and summary,
// kept so the merged view can be broken down per agent.
struct SessionAgent
{
    QString name;
    QJsonObject config;
    QVector<MetricSample> samples;
    QJsonObject summary;

    QJsonObject toJson() const;
};

// A saved run: how it was configured, every sample of every source, events and the summary.
// docs/session-format.md is the schema; load() refuses anything it cannot fully read.
struct Session
{
    static constexpr int kVersion = 1;

    QJsonObject config;
    QVector<MetricSample> samples;
    QVector<SessionEvent> events;
    QJsonObject summary;
    QVector<SessionAgent> agents; // a merged run's sources (socketscope-load --merge); empty otherwise

    QJsonObject toJson() const;
};

class SessionFile
{
public:
    // Writes atomically (temp file + rename): a crash never leaves half a session.
    static bool save(const QString &path, const Session &session, QString *error);
    // Returns nullopt with a readable *error for missing, truncated, corrupt or newer files.
    static std::optional<Session> load(const QString &path, QString *error);
    static std::optional<Session> fromJson(const QByteArray &json, QString *error);
    static std::optional<Session> fromJsonObject(const QJsonObject &root, QString *error);
};
