#include "runhealth.h"

#include "intervalrates.h"
#include "runclock.h"
#include "runsummary.h"

#include "groupednumber.h"

#include <algorithm>
#include <cmath>

namespace {

constexpr double kOverrunSlackSec = 3.0; // the load's 2 s close grace and a late last sample
constexpr double kFullyConnected = 0.99;

struct Source
{
    QVector<const MetricSample *> samples;
    // Samples that end a whole interval (not the partial last one).
    bool endsFullInterval(int i) const
    {
        const double seconds = i == 0 ? samples[0]->elapsedSec : samples[i]->elapsedSec - samples[i - 1]->elapsedSec;
        return seconds >= IntervalRates::kPartialBelowSec;
    }
};

// Saturated when at least a fifth of the whole intervals (two at least) ran at the bound.
bool saturated(int atBound, int intervals)
{
    return intervals > 0 && atBound >= qMax(2, int(std::ceil(0.2 * intervals)));
}

int usableCores(int wanted, int cores)
{
    if (cores <= 0)
        return wanted;
    return wanted > 0 ? qMin(wanted, cores) : cores;
}

QVector<RunHealth::Interval> merged(QVector<RunHealth::Interval> intervals)
{
    std::sort(intervals.begin(), intervals.end(), [](const auto &a, const auto &b) { return a.fromSec < b.fromSec; });
    QVector<RunHealth::Interval> out;
    for (const RunHealth::Interval &i : intervals) {
        if (!out.isEmpty() && i.fromSec <= out.last().toSec)
            out.last().toSec = qMax(out.last().toSec, i.toSec);
        else
            out.append(i);
    }
    return out;
}

} // namespace

double RunHealth::deadSec() const
{
    double total = 0;
    for (const Interval &i : dead)
        total += i.toSec - i.fromSec;
    return total;
}

RunHealth RunHealth::of(const Session &session)
{
    RunHealth h;
    const RunConfig config = RunConfig::of(session);
    const RunClock clock = RunClock::of(session);
    Source load, server;
    for (const MetricSample &s : session.samples)
        (s.source == QLatin1String("server") ? server : load).samples.append(&s);
    const RunSummary summary = RunSummary::fromJson(session.summary);
    h.plannedSec = config.durationSec;
    h.ranSec = !session.summary.isEmpty() ? summary.durationSec : (load.samples.isEmpty() ? 0 : load.samples.last()->elapsedSec);
    h.durationSec = h.ranSec;
    h.overran = h.plannedSec > 0 && h.ranSec > h.plannedSec + qMax(kOverrunSlackSec, 0.1 * h.plannedSec);
    const double runEndSec = load.samples.isEmpty() ? 0 : clock.secondsOf(*load.samples.last());

    QVector<Interval> dead;
    for (const SessionEvent &e : session.events) {
        if (e.kind != QLatin1String("server_died"))
            continue;
        h.serverDiedAtSec = e.elapsedSec;
        for (const MetricSample *s : std::as_const(server.samples)) {
            if (clock.secondsOf(*s) <= e.elapsedSec)
                h.connectionsAtServerDeath = s->connections;
        }
        if (runEndSec > e.elapsedSec)
            dead.append({e.elapsedSec, runEndSec, QStringLiteral("the server died")});
    }

    // The load held no connection and received nothing, after it had been connected and before
    // its planned end (its closing moments are no dead time).
    bool everConnected = false;
    double shortfallMessages = 0, shortfallSeconds = 0;
    int loadAtBound = 0, machineAtBound = 0, loadIntervals = 0, nextServer = 0;
    const int loadCores = usableCores(config.loadThreads, config.cores);
    for (int i = 0; i < load.samples.size(); ++i) {
        const MetricSample &s = *load.samples[i];
        const bool beforeEnd = h.plannedSec <= 0 || s.elapsedSec <= h.plannedSec;
        if (i > 0 && everConnected && beforeEnd && load.endsFullInterval(i) && s.connections == 0
            && s.messagesReceived == load.samples[i - 1]->messagesReceived)
            dead.append({clock.secondsOf(*load.samples[i - 1]), clock.secondsOf(s), QStringLiteral("no connection")});
        everConnected = everConnected || s.connections > 0;
        if (!load.endsFullInterval(i))
            continue;
        ++loadIntervals;
        h.loadCpuPeakPercent = qMax(h.loadCpuPeakPercent, s.process.cpuPercent);
        if (loadCores > 0 && s.process.cpuPercent >= kSaturatedShareOfCores * 100 * loadCores)
            ++loadAtBound;
        // The server's CPU over about the same second: its nearest sample, or the attached target's.
        double serverCpu = s.target.value(QStringLiteral("target_cpu_percent"), -1);
        const double at = clock.secondsOf(s);
        while (nextServer + 1 < server.samples.size() && clock.secondsOf(*server.samples[nextServer + 1]) <= at)
            ++nextServer;
        for (int j = nextServer; j <= nextServer + 1 && j < server.samples.size(); ++j) {
            if (std::abs(clock.secondsOf(*server.samples[j]) - at) <= 0.75)
                serverCpu = server.samples[j]->process.cpuPercent;
        }
        if (config.cores > 0 && serverCpu >= 0
            && serverCpu + s.process.cpuPercent >= kSaturatedShareOfCores * 100 * config.cores)
            ++machineAtBound;
        if (i > 0 && beforeEnd && config.connections > 0 && s.connections >= kFullyConnected * double(config.connections)) {
            shortfallMessages += double(s.messagesReceived - qMin(s.messagesReceived, load.samples[i - 1]->messagesReceived));
            shortfallSeconds += s.elapsedSec - load.samples[i - 1]->elapsedSec;
        }
    }
    h.dead = merged(dead);
    h.loadCpuSaturated = loadCores > 0 ? saturated(loadAtBound, loadIntervals) : summary.clientSaturated;
    h.machineSaturated = saturated(machineAtBound, loadIntervals);

    // The server's own samples, or the attached target's CPU as the load read it from /proc.
    int serverAtBound = 0, serverIntervals = 0;
    const int serverCores = usableCores(config.serverWorkers, config.cores);
    for (int i = 0; i < server.samples.size(); ++i) {
        if (!server.endsFullInterval(i))
            continue;
        ++serverIntervals;
        h.serverCpuPeakPercent = qMax(h.serverCpuPeakPercent, server.samples[i]->process.cpuPercent);
        if (serverCores > 0 && server.samples[i]->process.cpuPercent >= kSaturatedShareOfCores * 100 * serverCores)
            ++serverAtBound;
    }
    if (server.samples.isEmpty()) {
        for (int i = 0; i < load.samples.size(); ++i) {
            const double cpu = load.samples[i]->target.value(QStringLiteral("target_cpu_percent"), -1);
            if (cpu < 0 || !load.endsFullInterval(i))
                continue;
            ++serverIntervals;
            h.serverCpuPeakPercent = qMax(h.serverCpuPeakPercent, cpu);
            if (config.cores > 0 && cpu >= kSaturatedShareOfCores * 100 * config.cores)
                ++serverAtBound;
        }
    }
    h.serverCpuSaturated = saturated(serverAtBound, serverIntervals);

    // Each source samples once a second; a longer gap (its last sample aside) means the machine lagged.
    for (const Source *source : {&load, &server}) {
        for (int i = 1; i + 1 < source->samples.size(); ++i) {
            const double gap = source->samples[i]->elapsedSec - source->samples[i - 1]->elapsedSec;
            if (gap > kLateAfterSec)
                ++h.lateSamples;
            h.longestGapSec = qMax(h.longestGapSec, gap);
        }
    }

    h.askedPerSec = config.askedDeliveriesPerSec();
    if (h.askedPerSec > 0 && shortfallSeconds >= 1.0) {
        h.deliveredPerSec = shortfallMessages / shortfallSeconds;
        h.rateShortfall = h.deliveredPerSec < kShortfallBelow * h.askedPerSec;
    }
    return h;
}

QStringList RunHealth::warnings() const
{
    QStringList w;
    if (serverDiedAtSec)
        w << QStringLiteral("The server died at %1 s with %2 connections open; they ended without a close frame (1006).")
                 .arg(*serverDiedAtSec, 0, 'f', 1)
                 .arg(groupedNumber(double(connectionsAtServerDeath)));
    // Under a second (a server that died as the run was stopped) changes no figure worth a warning.
    if (deadSec() >= 1.0) {
        QStringList spans;
        for (const Interval &i : dead)
            spans << QStringLiteral("%1-%2 s: %3").arg(i.fromSec, 0, 'f', 1).arg(i.toSec, 0, 'f', 1).arg(i.why);
        w << QStringLiteral("Nothing was served for %1 s (%2); rates leave that time out.")
                 .arg(deadSec(), 0, 'f', 1)
                 .arg(spans.join(QStringLiteral("; ")));
    }
    if (loadCpuSaturated)
        w << QStringLiteral("The load generator ran out of CPU (peak %1 % of a core): the figures measure the client, "
                            "not the server.").arg(groupedNumber(loadCpuPeakPercent));
    if (serverCpuSaturated)
        w << QStringLiteral("The server ran out of CPU (peak %1 % of a core).").arg(groupedNumber(serverCpuPeakPercent));
    if (machineSaturated)
        w << QStringLiteral("Server and load together used every core of this machine: latency includes waiting for a CPU.");
    if (lateSamples > 0)
        w << QStringLiteral("%1 came late (up to %2 s apart instead of 1 s): the machine was overloaded.")
                 .arg(lateSamples == 1 ? QStringLiteral("1 sample") : QStringLiteral("%1 samples").arg(lateSamples))
                 .arg(longestGapSec, 0, 'f', 1);
    if (overran)
        w << QStringLiteral("The run took %1 s for a planned %2 s.").arg(ranSec, 0, 'f', 1).arg(plannedSec, 0, 'f', 0);
    if (rateShortfall)
        w << QStringLiteral("Asked for %1 deliveries/s, %2/s arrived (%3 %).")
                 .arg(groupedNumber(askedPerSec), groupedNumber(deliveredPerSec))
                 .arg(100.0 * deliveredPerSec / askedPerSec, 0, 'f', 0);
    return w;
}
