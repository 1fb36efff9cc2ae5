#pragma once

#include <QPair>

// Which seconds of a run a chart shows, apart from any drawing: live it follows the newest data
// in a sliding window (growing in 10 s steps while the run is young), stopped it shows the whole
// run, and a user's zoom or pan holds the view still until they ask to follow again.
class ChartViewport
{
public:
    void setWindowSec(double seconds) { m_windowSec = seconds; }
    double windowSec() const { return m_windowSec; }
    void setLive(bool live);
    bool isLive() const { return m_live; }
    bool isFollowing() const { return m_follow; }
    void follow() { m_follow = true; }

    // Recomputes the view for data ending at dataEndSec when it follows the data.
    void update(double dataEndSec);
    // A view chosen by the user, kept within the data and at least 2 s wide; stops following.
    void showRange(double fromSec, double toSec, double dataEndSec);
    void showWholeRun(double dataEndSec);
    // The wheel: factor < 1 zooms in around centreSec.
    void zoom(double centreSec, double factor, double dataEndSec);
    // A drag: the view that started at startFromSec, moved by deltaSec.
    void pan(double startFromSec, double deltaSec, double dataEndSec);

    // The y range for values up to maxValue: 8 % headroom above it, or on a log axis the whole
    // decades around minPositive..maxValue.
    static QPair<double, double> valueRange(double maxValue, double minPositive, bool log);

    double from() const { return m_from; }
    double to() const { return m_to; }
    QPair<double, double> range() const { return {m_from, m_to}; }

private:
    double m_windowSec = 120;
    double m_from = 0;
    double m_to = 0;
    bool m_live = false;
    bool m_follow = true;
};
