#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

class QAction;
class QMenu;
class QWidget;
class RecentFiles;
class RunCharts;
class SessionModel;

// The File menu: open (and recent files), compare with a second run, save, and export CSV,
// chart PNGs and the HTML report. Each says where the files went; saving and exporting are
// offered only when there is a run to save. Failures arrive as problem(); nothing here decides
// how they are shown.
class SessionFileActions : public QObject
{
    Q_OBJECT
public:
    SessionFileActions(QWidget *window, SessionModel *model, SessionModel *comparison, RunCharts *charts,
                       QObject *parent = nullptr);

    void populate(QMenu *file); // adds its actions, Quit aside
    QAction *openAction() const { return m_open; }
    QAction *saveAction() const { return m_save; }
    QAction *compareAction() const { return m_compare; }
    // Asked before opening over a running one (true = busy: refuse).
    void setBusyCheck(std::function<bool()> busy) { m_busy = std::move(busy); }
    void setHeadless(bool headless) { m_headless = headless; }

    bool openSession(const QString &path);
    bool compareWith(const QString &path);
    void closeComparison();
    bool saveSession(const QString &path);
    bool exportCsv(const QString &path);
    bool exportHtml(const QString &path);
    bool exportChartImages(const QString &dir, QStringList *written);
    // question: what is about to happen, e.g. "before quitting?". True when the run may go.
    bool confirmDiscard(const QString &question);

    QString sessionName() const;
    QString comparisonName() const;
    bool isComparing() const { return !m_comparisonPath.isEmpty(); }
    void updateEnabled();

Q_SIGNALS:
    void problem(const QString &title, const QString &message);
    void done(const QString &message); // where a file went
    void comparisonChanged();

private:
    QString askForSession(const QString &title);
    QString suggestedPath(const QString &extension) const;
    void saveAs();

    QWidget *m_window;
    SessionModel *m_model;
    SessionModel *m_comparison;
    RunCharts *m_charts;
    RecentFiles *m_recent;
    QAction *m_open = nullptr;
    QAction *m_save = nullptr;
    QAction *m_compare = nullptr;
    QList<QAction *> m_needsRun; // save, save as, exports
    QAction *m_closeComparison = nullptr;
    QString m_comparisonPath;
    std::function<bool()> m_busy;
    bool m_headless = false;
};
