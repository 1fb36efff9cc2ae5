#pragma once

#include <QJsonObject>
#include <QWidget>

class QSpinBox;

// How many socketscope-load agents share the load: N local processes, each running its part
// (--shard K/N) from one start time, merged into one run. One row of the load panel.
class AgentFields : public QWidget
{
    Q_OBJECT
public:
    explicit AgentFields(QWidget *parent = nullptr);

    int agents() const;
    void addTo(QJsonObject *json) const; // "agents"
    void fromJson(const QJsonObject &json);
    void setEditable(bool editable);

private:
    QSpinBox *m_agents;
};
