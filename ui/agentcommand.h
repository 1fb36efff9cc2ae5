#pragma once

#include "engineprocess.h"

#include <QString>
#include <QStringList>

// A load agent started on another machine through a command template, by default
// `ssh {host} socketscope-load {args}`. The template is split into words at spaces, double quotes
// grouping (QProcess::splitCommand: single quotes and backslashes stay as typed); in each word {host} becomes the agent's host and {args} its arguments,
// every one quoted for a POSIX shell, because ssh hands the remote shell a single string (so
// `sh -c "socketscope-load {args}"` works the same way, e.g. after `kubectl exec -i POD --`).
// The command must pass stdin through (ssh does; kubectl and docker exec need -i): Stop closes it.
class AgentCommand
{
public:
    static QString defaultTemplate() { return QStringLiteral("ssh {host} socketscope-load {args}"); }

    // Empty when the template can run an agent; otherwise why not, for the form.
    static QString check(const QString &commandTemplate);
    // The command for one agent; it is stopped by closing its stdin (ssh passes on EOF, not signals).
    static EngineCommand expand(const QString &commandTemplate, const QString &host, const QStringList &arguments);
    // 'it'\''s' for it's: a word a POSIX shell reads back unchanged; plain words stay as they are.
    static QString shellQuoted(const QString &word);
};
