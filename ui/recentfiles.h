#pragma once

#include <QObject>

class QMenu;

// File > Open Recent: the last sessions opened or saved, kept in QSettings.
class RecentFiles : public QObject
{
    Q_OBJECT
public:
    explicit RecentFiles(QObject *parent = nullptr);
    ~RecentFiles() override;

    QMenu *menu() const { return m_menu; }
    void add(const QString &path); // also remembers its folder for the next file dialog
    QStringList paths() const;

Q_SIGNALS:
    void openRequested(const QString &path);

private:
    void rebuild();

    QMenu *m_menu;
};
