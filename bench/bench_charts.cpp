// How the console's charts keep up with a long run: opening it, zooming, panning and one live
// second, for a one-hour session against a two-minute reference measured in the same run.
// Not a test: run it by hand (docs/BENCHMARKS.md says how and what it printed).
#include <runcharts.h>
#include <sessionmodel.h>
#include <timeserieschart.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QPixmap>

#include <cstdio>

namespace {

MetricSample sampleAt(const QString &source, int second, qint64 startMs)
{
    MetricSample s;
    s.source = source;
    s.elapsedSec = second;
    s.timestampMs = startMs + second * 1000;
    s.connections = 10000 + second % 50;
    s.connectionsPerWorker = {5000 + quint64(second % 25), 5000 + quint64(second % 25)};
    s.messagesSent = s.messagesReceived = quint64(second) * 50000;
    s.sentPerSec = s.receivedPerSec = 50000 + second % 997;
    s.process.rssBytes = 200 * 1024 * 1024 + second;
    s.errors.insert(QStringLiteral("heartbeat_timeout"), quint64(second / 60));
    s.closeCodes.insert(1000, quint64(second / 10));
    if (source == QLatin1String("load"))
        s.latency = LatencySummary{17.0 + second % 5, 25.0, 31.0 + second % 7, 41.0, 60.0, 50000};
    return s;
}

Session syntheticSession(int seconds)
{
    Session session;
    const qint64 start = 1700000000000;
    session.config.insert(QStringLiteral("startedAtMs"), double(start));
    for (int t = 1; t <= seconds; ++t) {
        session.samples.append(sampleAt(QStringLiteral("server"), t, start));
        session.samples.append(sampleAt(QStringLiteral("load"), t, start));
    }
    return session;
}

void drawAll(RunCharts &charts)
{
    for (TimeSeriesChart *chart : charts.charts())
        chart->grab(); // paints the chart as the screen would
}

struct Timing
{
    double openMs = 0;
    double zoomMs = 0;
    double panMs = 0;
    double liveSecondMs = 0;
};

Timing measure(int seconds)
{
    SessionModel model;
    RunCharts charts;
    charts.resize(1400, 900);
    charts.show();
    charts.setModel(&model);
    const Session session = syntheticSession(seconds);
    Timing t;
    QElapsedTimer clock;

    clock.start();
    model.load(session);
    drawAll(charts);
    t.openMs = clock.nsecsElapsed() / 1e6;

    constexpr int kSteps = 20;
    clock.restart();
    for (int i = 0; i < kSteps; ++i) {
        const double span = seconds * (1.0 - 0.04 * i);
        for (TimeSeriesChart *chart : charts.charts())
            chart->showRange(0, span);
        drawAll(charts);
    }
    t.zoomMs = clock.nsecsElapsed() / 1e6 / kSteps;

    clock.restart();
    for (int i = 0; i < kSteps; ++i) {
        const double from = (seconds - 60) * i / double(kSteps);
        for (TimeSeriesChart *chart : charts.charts())
            chart->showRange(from, from + 60);
        drawAll(charts);
    }
    t.panMs = clock.nsecsElapsed() / 1e6 / kSteps;

    charts.setLive(true);
    clock.restart();
    for (int i = 1; i <= kSteps; ++i) {
        model.appendSample(sampleAt(QStringLiteral("server"), seconds + i, 1700000000000));
        model.appendSample(sampleAt(QStringLiteral("load"), seconds + i, 1700000000000));
        charts.flush();
        drawAll(charts);
    }
    t.liveSecondMs = clock.nsecsElapsed() / 1e6 / kSteps;
    return t;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Timing reference = measure(120);
    const Timing hour = measure(3600);
    std::printf("%-34s %12s %12s %8s\n", "all five charts, 1400x900", "2 min run", "1 h run", "ratio");
    auto row = [](const char *what, double a, double b) { std::printf("%-34s %9.1f ms %9.1f ms %7.1fx\n", what, a, b, b / a); };
    row("open the session (build + draw)", reference.openMs, hour.openMs);
    row("one zoom step (wheel), redraw", reference.zoomMs, hour.zoomMs);
    row("one pan step (drag), redraw", reference.panMs, hour.panMs);
    row("one live second appended, redraw", reference.liveSecondMs, hour.liveSecondMs);
    return 0;
}
