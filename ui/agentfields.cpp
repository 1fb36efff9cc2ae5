#include "agentfields.h"

#include "agentcommand.h"
#include "formfields.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>

AgentFields::AgentFields(QWidget *parent)
    : QWidget(parent)
    , m_agents(makeSpinBox(1, 64, 1))
    , m_hosts(new QLineEdit)
    , m_command(new QLineEdit(AgentCommand::defaultTemplate()))
{
    m_agents->setObjectName(QStringLiteral("loadAgentsBox"));
    m_agents->setToolTip(tr("socketscope-load processes sharing the load (--shard K/N, one --start-at): connections, "
                            "ramp and rate are split between them, their samples merged per second into one run, "
                            "a per-agent breakdown in the Processes tab"));
    m_hosts->setObjectName(QStringLiteral("agentHostsEdit"));
    m_hosts->setPlaceholderText(tr("this machine, or hosts: load1 user@load2 ..."));
    m_hosts->setToolTip(tr("Run the agents on these machines, round-robin, through the command below; empty runs them "
                           "here. The target URL must be reachable from them."));
    m_command->setObjectName(QStringLiteral("agentCommandEdit"));
    m_command->setToolTip(tr("How an agent starts on a host: {host} is the host, {args} socketscope-load's arguments "
                             "quoted for the remote shell. The agent's results come back on its stdout (--out -), "
                             "and Stop closes its stdin, so the command must pass stdin on: kubectl exec -i {host} -- sh -c \"socketscope-load {args}\""));
    auto *label = new QLabel(tr("Agents"));
    label->setBuddy(m_agents);
    label->setToolTip(m_agents->toolTip());
    auto *on = new QLabel(tr("on"));
    on->setBuddy(m_hosts);
    auto *via = new QLabel(tr("via"));
    via->setBuddy(m_command);
    via->setToolTip(m_command->toolTip());
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label, 0, 0);
    layout->addWidget(m_agents, 0, 1);
    layout->addWidget(on, 0, 2);
    layout->addWidget(m_hosts, 0, 3);
    layout->addWidget(via, 1, 0, Qt::AlignRight);
    layout->addWidget(m_command, 1, 1, 1, 3);
    layout->setColumnStretch(3, 1);
    connect(m_hosts, &QLineEdit::textChanged, this, &AgentFields::updateRemote);
    updateRemote();
}

AgentPlan AgentFields::plan() const
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    return {m_agents->value(), m_hosts->text().split(separators, Qt::SkipEmptyParts), m_command->text().trimmed()};
}

QString AgentFields::validationError() const
{
    const QString error = plan().validationError();
    return error.isEmpty() ? error : tr("Agents: %1.").arg(error);
}

void AgentFields::addTo(QJsonObject *json) const
{
    const QJsonObject own = plan().toJson();
    for (auto it = own.begin(); it != own.end(); ++it)
        json->insert(it.key(), it.value());
}

void AgentFields::fromJson(const QJsonObject &json)
{
    const AgentPlan plan = AgentPlan::fromJson(json, {m_agents->value(), {}, AgentCommand::defaultTemplate()});
    m_agents->setValue(plan.agents);
    m_hosts->setText(plan.hosts.join(QLatin1Char(' ')));
    m_command->setText(plan.commandTemplate);
}

void AgentFields::setEditable(bool editable)
{
    m_editable = editable;
    m_agents->setEnabled(editable);
    m_hosts->setEnabled(editable);
    updateRemote();
}

void AgentFields::updateRemote()
{
    const bool remote = plan().isRemote();
    m_agents->setSuffix(remote ? QString() : tr(" local"));
    m_command->setEnabled(m_editable && remote); // local agents need no command
}
