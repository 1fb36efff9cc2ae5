#include "sessionmodel.h"

SessionModel::SessionModel(QObject *parent)
    : QObject(parent)
{
}

void SessionModel::load(const Session &session, const QString &filePath)
{
    m_session = session;
    m_filePath = filePath;
    m_clock = RunClock::of(session);
    Q_EMIT modelReset();
    setModified(false);
}

void SessionModel::startLive(const QJsonObject &config, qint64 startedAtMs)
{
    Session session;
    session.config = config;
    session.config.insert(QStringLiteral("startedAtMs"), double(startedAtMs));
    m_session = session;
    m_filePath.clear();
    m_clock.startedAtMs = startedAtMs;
    Q_EMIT modelReset();
    setModified(true);
}

void SessionModel::appendSample(const MetricSample &sample)
{
    m_session.samples.append(sample);
    Q_EMIT sampleAppended(m_session.samples.size() - 1);
    setModified(true);
}

void SessionModel::appendEvent(const SessionEvent &event)
{
    m_session.events.append(event);
    Q_EMIT eventAppended(m_session.events.size() - 1);
    setModified(true);
}

void SessionModel::setSummary(const QJsonObject &summary)
{
    m_session.summary = summary;
    Q_EMIT summaryChanged();
    setModified(true);
}

void SessionModel::setConfigValue(const QString &key, const QJsonValue &value)
{
    m_session.config.insert(key, value);
    Q_EMIT configChanged();
    setModified(true);
}

void SessionModel::markSaved(const QString &filePath)
{
    m_filePath = filePath;
    setModified(false);
}

double SessionModel::durationSec() const
{
    double end = 0;
    for (const MetricSample &s : m_session.samples)
        end = qMax(end, secondsOf(s));
    return end;
}

void SessionModel::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}
