#include "metricpicker.h"

#include <QMenu>
#include <QSignalBlocker>

MetricPicker::MetricPicker(QWidget *parent)
    : QToolButton(parent)
{
    setObjectName(QStringLiteral("metricPicker"));
    setText(tr("Named latencies"));
    setToolTip(tr("The scenario file's named latencies (metric: NAME) to plot as p50 and p99"));
    setPopupMode(QToolButton::InstantPopup);
    setMenu(new QMenu(this));
    setVisible(false);
}

bool MetricPicker::offer(const QString &name)
{
    for (QAction *action : menu()->actions()) {
        if (action->text() == name)
            return action->isChecked();
    }
    QAction *action = menu()->addAction(name);
    action->setCheckable(true);
    action->setChecked(isPicked(name));
    connect(action, &QAction::toggled, this, [this, name](bool on) {
        if (on)
            m_unpicked.remove(name);
        else
            m_unpicked.insert(name);
        Q_EMIT pickedChanged();
    });
    setVisible(true);
    return action->isChecked();
}

void MetricPicker::setPicked(const QString &name, bool picked)
{
    if (picked)
        m_unpicked.remove(name);
    else
        m_unpicked.insert(name);
    for (QAction *action : menu()->actions()) {
        if (action->text() == name) {
            const QSignalBlocker quiet(action);
            action->setChecked(picked);
        }
    }
    Q_EMIT pickedChanged();
}

QStringList MetricPicker::names() const
{
    QStringList out;
    for (QAction *action : menu()->actions())
        out << action->text();
    return out;
}

void MetricPicker::clear()
{
    menu()->clear();
    setVisible(false);
}
