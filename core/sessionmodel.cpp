#include "sessionmodel.h"

#include <limits>

SessionModel::SessionModel(QObject *parent)
    : QObject(parent)
{
}

void SessionModel::load(const Session &session, const QString &filePath)
{
    m_session = session;
    m_filePath = filePath;
    qint64 first = std::numeric_limits<qint64>::max();
    for (const MetricSample &s : session.samples) {
        if (s.timestampMs > 0)
            first = qMin(first, s.timestampMs - qint64(s.elapsedSec * 1000));
    }
    m_startedAtMs = session.config.value(QLatin1String("startedAtMs")).toVariant().toLongLong();
    if (m_startedAtMs <= 0)
        m_startedAtMs = first == std::numeric_limits<qint64>::max() ? 0 : first;
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
    m_startedAtMs = startedAtMs;
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
    setModified(true);
}

void SessionModel::markSaved(const QString &filePath)
{
    m_filePath = filePath;
    setModified(false);
}

double SessionModel::secondsOf(const MetricSample &sample) const
{
    if (sample.timestampMs > 0 && m_startedAtMs > 0)
        return secondsAt(sample.timestampMs);
    return sample.elapsedSec;
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
