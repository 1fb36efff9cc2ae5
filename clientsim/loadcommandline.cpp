#include "loadcommandline.h"

#include <commandlinenumbers.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>

namespace {

// --scenario-file: loaded, compiled against the target and checked before anything opens.
std::shared_ptr<const ScenarioProgram> compileScenarioFile(const QString &path, const QUrl &target, QString *error)
{
    const auto file = ScenarioFile::load(path, error);
    if (!file)
        return nullptr;
    auto program = ScenarioProgram::compile(*file, target.toEncoded(), ScenarioProgram::processEnvironment, error);
    return program ? std::make_shared<const ScenarioProgram>(std::move(*program)) : nullptr;
}

} // namespace

double LoadCommandLine::parseDuration(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*([0-9]*\.?[0-9]+)\s*(ms|s|m|h)?\s*$)"));
    const auto m = pattern.match(text);
    if (!m.hasMatch())
        return -1;
    const double value = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    if (unit == QLatin1String("ms"))
        return value / 1000;
    if (unit == QLatin1String("m"))
        return value * 60;
    if (unit == QLatin1String("h"))
        return value * 3600;
    return value;
}

bool LoadCommandLine::parseListenAddress(const QString &text, QHostAddress *address, quint16 *port)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\[?([0-9A-Fa-f:.]+)\]?:(\d{1,5})$)"));
    const auto m = pattern.match(text.trimmed());
    bool ok = false;
    const uint value = m.hasMatch() ? m.captured(2).toUInt(&ok) : 0;
    if (!ok || value > 65535 || !address->setAddress(m.captured(1)))
        return false;
    *port = quint16(value);
    return true;
}

LoadCommandLine::Outcome LoadCommandLine::parse(const QStringList &arguments, LoadCommandLine *out, QString *message)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "SocketScope's load generator: opens many WebSocket connections to URL and measures message rate, "
        "latency percentiles, connections and errors. One JSON sample per second on stdout (when it is not a "
        "terminal, or with --json); a summary at the end.\n"
        "Exit codes: 0 done, 1 runtime failure, 2 bad usage, 3 a threshold failed."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("ws:// or wss:// target [default: ws://127.0.0.1:8080/ws, "
                                                                       "or /broadcast for that scenario]"));
    const LoadConfig d;
    auto opt = [](const QStringList &names, const char *help, const char *valueName = nullptr) {
        return QCommandLineOption(names, QString::fromLatin1(help), valueName ? QString::fromLatin1(valueName) : QString());
    };
    parser.addOptions({
        opt({QStringLiteral("c"), QStringLiteral("connections")}, "Concurrent connections [default: 100].", "n"),
        opt({QStringLiteral("ramp")}, "New connections per second; 0 opens them all at once [default: 0].", "n"),
        opt({QStringLiteral("threads")}, "Load threads, each with its own event loop [default: one per core].", "n"),
        opt({QStringLiteral("scenario")}, "echo, broadcast or idle [default: echo].", "name"),
        opt({QStringLiteral("scenario-file")}, "A scenario file (YAML or JSON): templated messages, awaited replies, "
                                               "per-connection data, named latencies (docs/scenario-format.md).", "file"),
        opt({QStringLiteral("dry-run")}, "With --scenario-file: print connection 0's URL, headers and first messages, and exit."),
        opt({QStringLiteral("window")}, "Echo closed loop: messages in flight per connection [default: 1].", "n"),
        opt({QStringLiteral("rate")}, "Open loop: messages per second in total (echo), publishes per second (broadcast). "
                                      "Latency then counts from each message's scheduled time.", "n"),
        opt({QStringLiteral("publishers")}, "Broadcast: connections that publish [default: 1].", "n"),
        opt({QStringLiteral("churn")}, "Connections closed and reopened per second, on top of the scenario [default: 0].", "n"),
        opt({QStringLiteral("ping-interval")}, "Seconds between client pings per connection, every scenario (idle: their round "
                                               "trips are the latency); 0 = none [default: 5].", "sec"),
        opt({QStringLiteral("ping-timeout")}, "Seconds an unanswered ping may wait before the connection is closed as "
                                              "heartbeat_timeout [default: 2 x the ping interval].", "sec"),
        opt({QStringLiteral("handshake-timeout")}, "Seconds for connect, TLS and upgrade before a connection attempt "
                                                   "fails as connect_handshake_timeout [default: 10].", "sec"),
        opt({QStringLiteral("reconnect")}, "Reconnect after a drop (close 1001, 1006, 1011, 1012, 1013, a heartbeat timeout) "
                                           "or a failed connect, with exponential backoff and jitter."),
        opt({QStringLiteral("reconnect-retries")}, "With --reconnect: attempts per drop before the connection gives up "
                                                   "[default: 3].", "n"),
        opt({QStringLiteral("reconnect-backoff")}, "With --reconnect: attempt k waits a random time between half and all of "
                                                   "MIN x 2^(k-1), at most MAX [default: 0.5s..30s].", "min..max"),
        opt({QStringLiteral("size")}, "Message size in bytes [default: 64; at least 40 for text, 20 for binary].", "bytes"),
        opt({QStringLiteral("binary")}, "Send binary messages instead of text."),
        opt({QStringLiteral("d"), QStringLiteral("duration")}, "Run time: 30, 30s, 2m, 1h [default: 10s].", "time"),
        opt({QStringLiteral("H"), QStringLiteral("header")}, "Extra handshake header 'Name: value' (repeatable).", "header"),
        opt({QStringLiteral("subprotocol")}, "Sec-WebSocket-Protocol to request.", "name"),
        opt({QStringLiteral("origin")}, "Origin header to send.", "origin"),
        opt({QStringLiteral("insecure")}, "Accept any TLS certificate (self-signed test servers)."),
        opt({QStringLiteral("source-addresses")}, "Local addresses to spread connections over, e.g. 127.0.0.1-127.0.0.9 "
                                                  "(each has ~28k ephemeral ports per target).", "list"),
        opt({QStringLiteral("scrape")}, "The target's Prometheus /metrics URL, read once a second into the samples.", "url"),
        opt({QStringLiteral("pid")}, "The target's process id: its RSS, CPU and threads go into the samples.", "pid"),
        opt({QStringLiteral("threshold")}, "Pass/fail bound, e.g. 'p99<50ms', 'errors<0.1%', 'connections>=10000', "
                                           "'rate>=20000' (repeatable). Any failure exits 3.", "expr"),
        opt({QStringLiteral("o"), QStringLiteral("out")}, "Write the session file (config, samples, events, summary); '-' "
                                                          "sends it down stdout (the last JSON line, type \"session\").", "file"),
        opt({QStringLiteral("stop-when-stdin-closes")}, "Stop gracefully, as on SIGTERM, when standard input ends (agents "
                                                        "started through ssh, which passes on EOF but not signals)."),
        opt({QStringLiteral("conformance")}, "Instead of a load, check the URL's echo endpoint against RFC 6455 "
                                             "(handshake, framing, UTF-8, close codes, limits) and report each case. "
                                             "Any failed case exits 3."),
        opt({QStringLiteral("max-message-bytes")}, "With --conformance: the server's message size limit, exceeded by the "
                                                   "1009 cases [default: 1048576].", "bytes"),
        opt({QStringLiteral("shard")}, "Run agent K's part of a load N agents share: -c, --publishers are totals, this agent "
                                       "runs global connections K-1, K-1+N, ... and 1/N of --ramp, --rate, --churn.", "K/N"),
        opt({QStringLiteral("start-at")}, "Open the first connection at this wall-clock time, ms since the Unix epoch "
                                          "(all agents of a sharded run together).", "epoch-ms"),
        opt({QStringLiteral("metrics-listen")}, "Serve this agent's live figures as Prometheus text on ADDR:PORT/metrics "
                                                "(latency as cumulative le buckets).", "addr:port"),
        opt({QStringLiteral("merge")}, "Instead of a load, merge the session files given as arguments (agents of one run, "
                                       "e.g. --shard 1/3 .. 3/3) into the -o file: counters summed per second, latency "
                                       "histograms added, thresholds checked again."),
        opt({QStringLiteral("json")}, "JSON sample lines on stdout even on a terminal."),
        opt({QStringLiteral("quiet")}, "No JSON sample lines."),
    });
    if (!parser.parse(arguments)) {
        *message = parser.errorText();
        return Outcome::UsageError;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        *message = parser.helpText();
        return Outcome::ShowHelp;
    }
    LoadCommandLine cli;
    LoadConfig &c = cli.config;
    QString error;
    if (parser.isSet(QStringLiteral("scenario")) && !LoadConfig::scenarioFromName(parser.value(QStringLiteral("scenario")), &c.scenario))
        error = QStringLiteral("--scenario expects echo, broadcast or idle, got \"%1\"").arg(parser.value(QStringLiteral("scenario")));
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("merge"))) {
        cli.mergeInputs = positional;
        if (positional.size() < 2)
            error = QStringLiteral("--merge expects two or more session files, got %1").arg(positional.size());
        else if (!parser.isSet(QStringLiteral("out")))
            error = QStringLiteral("--merge needs -o FILE for the merged session");
    } else if (positional.size() > 1)
        error = QStringLiteral("one target URL expected, got %1 arguments").arg(positional.size());
    else if (positional.size() == 1)
        c.url = QUrl(positional.first());
    else if (c.scenario == LoadConfig::Scenario::Broadcast)
        c.url.setPath(QStringLiteral("/broadcast"));

    CommandLineNumbers numbers(parser, &error);
    numbers.read(QStringLiteral("connections"), &c.connections, 1, 10000000);
    numbers.read(QStringLiteral("ramp"), &c.rampPerSec, 0, 1e7);
    numbers.read(QStringLiteral("threads"), &c.threads, 1, 256);
    numbers.read(QStringLiteral("window"), &c.window, 1, 100000);
    numbers.read(QStringLiteral("rate"), &c.ratePerSec, 0, 1e9);
    numbers.read(QStringLiteral("publishers"), &c.publishers, 1, 10000000);
    numbers.read(QStringLiteral("churn"), &c.churnPerSec, 0, 1e7);
    numbers.read(QStringLiteral("ping-interval"), &c.pingIntervalSec, 0, 86400);
    numbers.read(QStringLiteral("ping-timeout"), &c.pingTimeoutSec, 0.01, 86400);
    numbers.read(QStringLiteral("handshake-timeout"), &c.handshakeTimeoutSec, 0.01, 3600);
    numbers.read(QStringLiteral("reconnect-retries"), &c.reconnectRetries, 0, 1000000);
    numbers.read(QStringLiteral("size"), &c.sizeBytes, 1, 64 << 20);
    numbers.read(QStringLiteral("pid"), &c.watchPid, 1, 4194304);
    numbers.read(QStringLiteral("max-message-bytes"), &cli.conformanceMaxMessageBytes, 2, qint64(1) << 30);
    // Up to a day ahead: a start further out is a typo, not a plan.
    const double now = double(QDateTime::currentMSecsSinceEpoch());
    numbers.read(QStringLiteral("start-at"), &cli.startAtMs, now - 86400e3, now + 86400e3);
    if (error.isEmpty() && parser.isSet(QStringLiteral("shard"))) {
        if (const auto shard = LoadShard::parse(parser.value(QStringLiteral("shard")), &error))
            c.shard = *shard;
    }
    if (error.isEmpty() && parser.isSet(QStringLiteral("metrics-listen"))
        && !parseListenAddress(parser.value(QStringLiteral("metrics-listen")), &cli.metricsAddress, &cli.metricsPort))
        error = QStringLiteral("--metrics-listen expects ADDR:PORT such as 127.0.0.1:9464 or [::1]:9464, got \"%1\"")
                    .arg(parser.value(QStringLiteral("metrics-listen")));
    cli.conformance = parser.isSet(QStringLiteral("conformance"));
    if (error.isEmpty() && parser.isSet(QStringLiteral("duration"))) {
        c.durationSec = parseDuration(parser.value(QStringLiteral("duration")));
        if (c.durationSec <= 0)
            error = QStringLiteral("--duration expects a positive time like 30, 30s, 2m or 1h, got \"%1\"")
                        .arg(parser.value(QStringLiteral("duration")));
    }
    if (error.isEmpty() && parser.isSet(QStringLiteral("reconnect-backoff"))) {
        const QString text = parser.value(QStringLiteral("reconnect-backoff"));
        const QStringList ends = text.split(QStringLiteral(".."));
        const double min = ends.size() == 2 ? parseDuration(ends[0]) : -1;
        const double max = ends.size() == 2 ? parseDuration(ends[1]) : -1;
        if (min <= 0 || max < min)
            error = QStringLiteral("--reconnect-backoff expects MIN..MAX like 0.5s..30s with 0 < MIN <= MAX, got \"%1\"").arg(text);
        c.reconnectBackoffMinSec = min;
        c.reconnectBackoffMaxSec = max;
    }
    for (const QString &header : parser.values(QStringLiteral("header"))) {
        const int colon = header.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            error = QStringLiteral("--header expects 'Name: value', got \"%1\"").arg(header);
            break;
        }
        c.headers.append({header.left(colon).trimmed().toUtf8(), header.mid(colon + 1).trimmed().toUtf8()});
    }
    if (error.isEmpty() && parser.isSet(QStringLiteral("source-addresses")))
        LoadConfig::parseSourceAddresses(parser.value(QStringLiteral("source-addresses")), &c.sourceAddresses, &error);
    for (const QString &text : parser.values(QStringLiteral("threshold"))) {
        if (!error.isEmpty())
            break;
        if (auto t = Threshold::parse(text, &error))
            cli.thresholds.append(*t);
    }
    if (error.isEmpty() && parser.isSet(QStringLiteral("scenario-file"))) {
        const QStringList builtIn{QStringLiteral("window"), QStringLiteral("rate"), QStringLiteral("publishers"),
                                  QStringLiteral("size"), QStringLiteral("binary")};
        const auto given = std::find_if(builtIn.cbegin(), builtIn.cend(), [&parser](const QString &o) { return parser.isSet(o); });
        if (parser.isSet(QStringLiteral("scenario")) || parser.isSet(QStringLiteral("conformance"))) {
            error = QStringLiteral("--scenario-file replaces --scenario and cannot go with --conformance");
        } else if (given != builtIn.cend()) {
            error = QStringLiteral("--%1 is for the built-in scenarios; with --scenario-file the file says what to send").arg(*given);
        } else {
            c.scenarioFile = parser.value(QStringLiteral("scenario-file"));
            c.scenarioProgram = compileScenarioFile(c.scenarioFile, c.url, message);
            if (!c.scenarioProgram)
                return Outcome::ScenarioError;
        }
    }
    if (error.isEmpty() && parser.isSet(QStringLiteral("dry-run")) && !c.scenarioProgram)
        error = QStringLiteral("--dry-run needs --scenario-file");
    for (const Threshold &t : std::as_const(cli.thresholds)) {
        if (error.isEmpty() && c.scenarioProgram)
            t.namesDefined(c.scenarioProgram->metricNames(), c.scenarioProgram->counterNames(), &error);
        else if (error.isEmpty())
            t.namesDefined({}, {}, &error);
    }
    if (!error.isEmpty()) {
        *message = error;
        return Outcome::UsageError;
    }
    cli.dryRun = parser.isSet(QStringLiteral("dry-run"));
    c.binary = parser.isSet(QStringLiteral("binary"));
    c.subprotocol = parser.value(QStringLiteral("subprotocol"));
    c.origin = parser.value(QStringLiteral("origin"));
    c.insecureTls = parser.isSet(QStringLiteral("insecure"));
    c.reconnect = parser.isSet(QStringLiteral("reconnect"));
    if (parser.isSet(QStringLiteral("scrape")))
        c.scrapeUrl = QUrl(parser.value(QStringLiteral("scrape")));
    cli.outPath = parser.value(QStringLiteral("out"));
    cli.stopWhenStdinCloses = parser.isSet(QStringLiteral("stop-when-stdin-closes"));
    cli.json = parser.isSet(QStringLiteral("json"));
    cli.quiet = parser.isSet(QStringLiteral("quiet"));
    const QStringList problems = c.validate();
    if (!problems.isEmpty()) {
        *message = problems.join(QLatin1String("; "));
        return Outcome::UsageError;
    }
    *out = cli;
    return Outcome::Run;
}
