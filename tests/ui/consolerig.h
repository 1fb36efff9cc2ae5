#pragma once

// What the console's tests share: a small embedded run on 127.0.0.1, and reading its events.
#include <loadpanel.h>
#include <mainwindow.h>
#include <runcharts.h>
#include <runcontroller.h>
#include <serverpanel.h>
#include <timeserieschart.h>
#include <sessionmodel.h>

#include <QCoreApplication>
#include <QSignalSpy>
#include <QStandardPaths>

namespace ConsoleRig {

// Generous: the tests share two cores with other builds and tests.
constexpr int kRunEndsWithinMs = 90000;

inline void initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings of a test run never touch the user's
    QCoreApplication::setOrganizationName(QStringLiteral("SocketScopeTests"));
}

// 120 echo connections (enough for memory per connection), window 1, two server workers.
inline void configureSmallRun(MainWindow &window, double durationSec, const QString &thresholds = QString())
{
    QJsonObject server = window.serverPanel()->toJson();
    server.insert(QStringLiteral("mode"), QStringLiteral("embedded"));
    server.insert(QStringLiteral("port"), 0);
    server.insert(QStringLiteral("workers"), 2);
    window.serverPanel()->fromJson(server);
    window.loadPanel()->fromJson({{QStringLiteral("scenario"), QStringLiteral("echo")},
                                  {QStringLiteral("target"), QString()},
                                  {QStringLiteral("connections"), 120},
                                  {QStringLiteral("rampPerSec"), 0},
                                  {QStringLiteral("threads"), 1},
                                  {QStringLiteral("openLoop"), false},
                                  {QStringLiteral("window"), 1},
                                  {QStringLiteral("sizeBytes"), 64},
                                  {QStringLiteral("durationSec"), durationSec},
                                  {QStringLiteral("thresholds"), thresholds}});
}

// The load's Reconnect on, the first attempt 1.5-3 s after a drop: a 1 Hz sample sees the
// connections down before they come back.
inline void reconnectSlowly(MainWindow &window)
{
    window.loadPanel()->fromJson({{QStringLiteral("reconnect"), true},
                                  {QStringLiteral("reconnectRetries"), 6},
                                  {QStringLiteral("reconnectBackoffMinSec"), 3.0},
                                  {QStringLiteral("reconnectBackoffMaxSec"), 4.0}});
}

inline bool hasEvent(const SessionModel *model, const QString &kind, const QString &text = QString())
{
    for (const SessionEvent &e : model->session().events) {
        if (e.kind == kind && e.message.contains(text))
            return true;
    }
    return false;
}

// Start All, and wait until the load and the server have both stopped.
inline bool runToEnd(MainWindow &window)
{
    QSignalSpy stopped(window.runController(), &RunController::allStopped);
    window.startAll();
    return stopped.wait(kRunEndsWithinMs);
}

} // namespace ConsoleRig
