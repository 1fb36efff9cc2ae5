#pragma once

#include <QJsonObject>
#include <QStringList>

// Where the load agents of a run go: N local processes, or N spread round-robin over hosts and
// started through a command template (AgentCommand).
struct AgentPlan
{
    int agents = 1;
    QStringList hosts; // empty: local
    QString commandTemplate;

    bool isRemote() const { return !hosts.isEmpty(); }
    QJsonObject toJson() const; // "agents", and "agentHosts" and "agentCommand" when remote
    static AgentPlan fromJson(const QJsonObject &json, const AgentPlan &defaults);
    QString validationError() const; // empty when it can run
    // Every host is this machine (localhost, 127.x, ::1): local paths, PIDs and 127.0.0.1 URLs hold there.
    bool onThisMachine() const;
};
