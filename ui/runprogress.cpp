#include "runprogress.h"

namespace {

QString clock(qint64 seconds)
{
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

RunProgress::RunProgress(QWidget *parent)
    : QProgressBar(parent)
{
    setObjectName(QStringLiteral("runProgress"));
    setMinimumWidth(210);
    setMaximumWidth(260);
    setTextVisible(true);
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &RunProgress::tick);
    hide();
}

void RunProgress::start(double durationSec)
{
    m_durationSec = durationSec;
    setRange(0, int(durationSec * 1000));
    m_elapsed.start();
    m_timer.start();
    tick();
    show();
}

void RunProgress::stop()
{
    m_timer.stop();
    hide();
}

void RunProgress::tick()
{
    const qint64 elapsedMs = m_elapsed.elapsed();
    const qint64 totalMs = qint64(m_durationSec * 1000);
    setValue(int(qMin(elapsedMs, totalMs)));
    if (elapsedMs <= totalMs)
        setFormat(tr("%1 of %2, %3 left").arg(clock(elapsedMs / 1000), clock(totalMs / 1000), clock((totalMs - elapsedMs + 999) / 1000)));
    else
        setFormat(tr("%1 of %2: finishing").arg(clock(elapsedMs / 1000), clock(totalMs / 1000)));
}
