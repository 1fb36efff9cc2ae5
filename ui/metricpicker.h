#pragma once

#include <QSet>
#include <QToolButton>

// Which of a scenario file's named latencies the latency chart plots: a drop-down of checkable
// names, each new one picked. What the user unticks stays unticked for later runs of the session.
class MetricPicker : public QToolButton
{
    Q_OBJECT
public:
    explicit MetricPicker(QWidget *parent = nullptr);

    // Adds name to the list when it is new; true when it is picked.
    bool offer(const QString &name);
    bool isPicked(const QString &name) const { return !m_unpicked.contains(name); }
    void setPicked(const QString &name, bool picked);
    QStringList names() const;
    void clear(); // a new run: its names arrive with its samples

Q_SIGNALS:
    void pickedChanged();

private:
    QSet<QString> m_unpicked;
};
