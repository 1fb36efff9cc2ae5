#include "agentfields.h"

#include "formfields.h"

#include <QHBoxLayout>
#include <QLabel>

AgentFields::AgentFields(QWidget *parent)
    : QWidget(parent)
    , m_agents(makeSpinBox(1, 64, 1))
{
    m_agents->setObjectName(QStringLiteral("loadAgentsBox"));
    m_agents->setSuffix(tr(" local"));
    m_agents->setToolTip(tr("socketscope-load processes sharing the load (--shard K/N, one --start-at): connections, "
                            "ramp and rate are split between them, their samples merged per second into one run, "
                            "a per-agent breakdown in the Processes tab"));
    auto *label = new QLabel(tr("Agents"));
    label->setBuddy(m_agents);
    label->setToolTip(m_agents->toolTip());
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label);
    layout->addWidget(m_agents, 1);
}

int AgentFields::agents() const
{
    return m_agents->value();
}

void AgentFields::addTo(QJsonObject *json) const
{
    json->insert(QStringLiteral("agents"), agents());
}

void AgentFields::fromJson(const QJsonObject &json)
{
    m_agents->setValue(json.value(QLatin1String("agents")).toInt(agents()));
}

void AgentFields::setEditable(bool editable)
{
    m_agents->setEnabled(editable);
}
