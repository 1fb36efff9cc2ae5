#include "agentplan.h"

#include "agentcommand.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonArray>
#include <QRegularExpression>

QJsonObject AgentPlan::toJson() const
{
    QJsonObject json{{QStringLiteral("agents"), agents}};
    if (isRemote()) {
        json.insert(QStringLiteral("agentHosts"), QJsonArray::fromStringList(hosts));
        json.insert(QStringLiteral("agentCommand"), commandTemplate);
    }
    return json;
}

AgentPlan AgentPlan::fromJson(const QJsonObject &json, const AgentPlan &defaults)
{
    AgentPlan plan = defaults;
    plan.agents = json.value(QLatin1String("agents")).toInt(defaults.agents);
    if (json.contains(QLatin1String("agentHosts"))) {
        plan.hosts.clear();
        for (const QJsonValue &host : json.value(QLatin1String("agentHosts")).toArray())
            plan.hosts.append(host.toString());
    }
    plan.commandTemplate = json.value(QLatin1String("agentCommand")).toString(defaults.commandTemplate);
    return plan;
}

QString AgentPlan::validationError() const
{
    if (!isRemote())
        return {};
    // Not starting with "-": ssh would read it as an option.
    static const QRegularExpression hostName(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9_\\[][A-Za-z0-9_.@:\\[\\]-]*")));
    for (const QString &host : hosts) {
        if (!hostName.match(host).hasMatch())
            return QCoreApplication::translate("AgentPlan", "agent host \"%1\" is not a host name, user@host or address").arg(host);
    }
    if (agents < hosts.size())
        return QCoreApplication::translate("AgentPlan", "%1 agent hosts but %2 agents: every host runs at least one")
            .arg(hosts.size())
            .arg(agents);
    return AgentCommand::check(commandTemplate);
}

bool AgentPlan::onThisMachine() const
{
    for (const QString &host : hosts) {
        const QString name = host.mid(host.indexOf(QLatin1Char('@')) + 1).remove(QLatin1Char('[')).remove(QLatin1Char(']'));
        if (name != QLatin1String("localhost") && !QHostAddress(name).isLoopback())
            return false;
    }
    return true;
}
