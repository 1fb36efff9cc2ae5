#pragma once

#include <QString>

// Every QSettings key the console uses, in one place.
namespace ConsoleSettings {
inline QString geometry() { return QStringLiteral("window/geometry"); }
inline QString windowState() { return QStringLiteral("window/state"); }
inline QString recentFiles() { return QStringLiteral("files/recent"); }
inline QString lastDirectory() { return QStringLiteral("files/lastDirectory"); }
inline QString scenarioDirectory() { return QStringLiteral("files/scenarioDirectory"); }
inline QString serverPanel() { return QStringLiteral("server/panel"); }
inline QString loadPanel() { return QStringLiteral("load/panel"); }
inline QString lastProfile() { return QStringLiteral("load/lastProfile"); }
inline QString profiles() { return QStringLiteral("load/profiles"); } // a JSON object: name -> panel
constexpr int kRecentFilesKept = 8;
} // namespace ConsoleSettings
