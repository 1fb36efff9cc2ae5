#pragma once

#include "agentsessions.h"

#include <QJsonObject>
#include <QWidget>

class QLineEdit;
class QSpinBox;

// How many socketscope-load agents share the load (--shard K/N from one start time, merged into
// one run), and where: local processes, or round-robin over hosts through a command template
// such as `ssh {host} socketscope-load {args}`. One row of the load panel.
class AgentFields : public QWidget
{
    Q_OBJECT
public:
    explicit AgentFields(QWidget *parent = nullptr);

    AgentPlan plan() const;
    QString validationError() const;
    void addTo(QJsonObject *json) const; // "agents", "agentHosts", "agentCommand"
    void fromJson(const QJsonObject &json);
    void setEditable(bool editable);

private:
    void updateRemote();

    QSpinBox *m_agents;
    QLineEdit *m_hosts;
    QLineEdit *m_command;
    bool m_editable = true;
};
