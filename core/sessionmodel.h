#pragma once

#include "runclock.h"
#include "sessionfile.h"

#include <QObject>

// The run on screen. A live run (samples and events arriving from child processes) and a session
// opened from a file fill it the same way, so views never know which they show.
// Time on every chart is seconds since the run's start, taken from the samples' wall clock so that
// a server and a load generator started a moment apart line up.
class SessionModel : public QObject
{
    Q_OBJECT
public:
    explicit SessionModel(QObject *parent = nullptr);

    // Shows a saved session (filePath empty for one that has none yet).
    void load(const Session &session, const QString &filePath = {});
    // Starts an empty live run whose time 0 is startedAtMs (wall clock).
    void startLive(const QJsonObject &config, qint64 startedAtMs);
    void appendSample(const MetricSample &sample);
    void appendEvent(const SessionEvent &event);
    void setSummary(const QJsonObject &summary);
    void setConfigValue(const QString &key, const QJsonValue &value);
    void markSaved(const QString &filePath);

    const Session &session() const { return m_session; }
    QString filePath() const { return m_filePath; }
    bool isModified() const { return m_modified; }
    qint64 startedAtMs() const { return m_clock.startedAtMs; }
    const RunClock &clock() const { return m_clock; }
    // Seconds since the run's start for a sample (wall clock; elapsedSec if the sample has none).
    double secondsOf(const MetricSample &sample) const { return m_clock.secondsOf(sample); }
    // Seconds since the run's start for a wall-clock time.
    double secondsAt(qint64 wallClockMs) const { return m_clock.secondsAt(wallClockMs); }
    double durationSec() const;

Q_SIGNALS:
    void modelReset();
    void sampleAppended(int index);
    void eventAppended(int index);
    void summaryChanged();
    void configChanged();
    void modifiedChanged(bool modified);

private:
    void setModified(bool modified);

    Session m_session;
    QString m_filePath;
    RunClock m_clock;
    bool m_modified = false;
};
