#include "agentcommand.h"

#include <QCoreApplication>
#include <QProcess>
#include <QRegularExpression>

QString AgentCommand::check(const QString &commandTemplate)
{
    const QStringList words = QProcess::splitCommand(commandTemplate);
    if (words.isEmpty())
        return QCoreApplication::translate("AgentCommand", "the agent command is empty");
    if (!commandTemplate.contains(QLatin1String("{args}")))
        return QCoreApplication::translate("AgentCommand", "the agent command needs {args} where socketscope-load's arguments go");
    if (words.constFirst().contains(QLatin1String("{args}")))
        return QCoreApplication::translate("AgentCommand", "the agent command must start with a program (e.g. ssh), not {args}");
    return {};
}

EngineCommand AgentCommand::expand(const QString &commandTemplate, const QString &host, const QStringList &arguments)
{
    QStringList quoted;
    for (const QString &argument : arguments)
        quoted.append(shellQuoted(argument));
    const QString args = quoted.join(QLatin1Char(' '));
    QStringList words = QProcess::splitCommand(commandTemplate);
    for (QString &word : words)
        word.replace(QLatin1String("{host}"), host).replace(QLatin1String("{args}"), args);
    EngineCommand command;
    command.program = words.isEmpty() ? QString() : words.takeFirst();
    command.arguments = words;
    command.closeStdinToStop = true;
    return command;
}

QString AgentCommand::shellQuoted(const QString &word)
{
    static const QRegularExpression plain(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9_@%+=:,./-]+")));
    if (plain.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}
