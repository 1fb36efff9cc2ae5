#include "recentfiles.h"

#include "consolesettings.h"

#include <QFileInfo>
#include <QMenu>
#include <QSettings>

RecentFiles::RecentFiles(QObject *parent)
    : QObject(parent)
    , m_menu(new QMenu(tr("Open &Recent")))
{
    rebuild();
}

RecentFiles::~RecentFiles()
{
    delete m_menu;
}

QStringList RecentFiles::paths() const
{
    return QSettings().value(ConsoleSettings::recentFiles()).toStringList();
}

void RecentFiles::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList recent = paths();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    QSettings settings;
    settings.setValue(ConsoleSettings::recentFiles(), recent.mid(0, ConsoleSettings::kRecentFilesKept));
    settings.setValue(ConsoleSettings::lastDirectory(), QFileInfo(absolute).absolutePath());
    rebuild();
}

void RecentFiles::rebuild()
{
    m_menu->clear();
    const QStringList recent = paths();
    for (const QString &path : recent)
        m_menu->addAction(QFileInfo(path).fileName(), this, [this, path] { Q_EMIT openRequested(path); })->setToolTip(path);
    m_menu->setEnabled(!recent.isEmpty());
}
