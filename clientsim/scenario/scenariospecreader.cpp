#include "scenariospecreader.h"

#include "scenariofile.h"

#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

namespace {

constexpr int kMaxRepeatDepth = 16;
constexpr int kMaxNodes = 100000; // anchors and aliases could otherwise make a small file huge

} // namespace

ScenarioSpecReader::ScenarioSpecReader(const QString &fileName, const QByteArray &text)
    : m_fileName(fileName), m_text(text)
{
}

bool ScenarioSpecReader::readRoot(const YAML::Node &root, ScenarioSpec *spec)
{
    if (!root.IsMap())
        return fail(root, QStringLiteral("expected a mapping with at least \"steps\" (and connect, data, on)"));
    if (!checkKeys(root, "the top level", {"connect", "data", "on", "steps"}))
        return false;
    spec->url = TextAt{QStringLiteral("{{target}}"), pos(root)};
    if (const YAML::Node connect = root["connect"]; connect && !readConnect(connect, spec))
        return false;
    if (const YAML::Node data = root["data"]; data && !readData(data, spec))
        return false;
    if (const YAML::Node on = root["on"]) {
        if (!on.IsSequence())
            return fail(on, QStringLiteral("expected \"on\" to be a list of handlers (- match: ...)"));
        for (const YAML::Node &handler : on) {
            spec->handlers.append(HandlerSpec());
            if (!readHandler(handler, &spec->handlers.last()))
                return false;
        }
    }
    const YAML::Node steps = root["steps"];
    if (!steps)
        return fail(root, QStringLiteral("expected a \"steps\" list"));
    return readSteps(steps, 0, &spec->steps);
}

bool ScenarioSpecReader::failAt(SourcePos at, const QString &what)
{
    m_error = ScenarioFile::where(m_fileName, at) + what;
    return false;
}

SourcePos ScenarioSpecReader::pos(const YAML::Node &node)
{
    const YAML::Mark mark = node.Mark();
    return mark.line < 0 ? SourcePos{1, 1} : SourcePos{mark.line + 1, mark.column + 1};
}

QString ScenarioSpecReader::keyList(std::initializer_list<const char *> keys, const char *separator)
{
    QStringList names;
    for (const char *k : keys)
        names << QString::fromLatin1(k);
    return names.join(QLatin1String(separator));
}

// A mapping whose keys are all scalars, known and given once.
bool ScenarioSpecReader::checkKeys(const YAML::Node &map, const char *what, std::initializer_list<const char *> allowed)
{
    if (!map.IsMap())
        return fail(map, QStringLiteral("expected %1 to be a mapping with keys %2").arg(QLatin1String(what), keyList(allowed)));
    QSet<QString> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (++m_nodes > kMaxNodes)
            return fail(it->first, QStringLiteral("expected at most %1 keys and steps in all").arg(kMaxNodes));
        const QString key = it->first.IsScalar() ? QString::fromStdString(it->first.Scalar()) : QString();
        bool known = false;
        for (const char *a : allowed)
            known = known || key == QLatin1String(a);
        if (!known)
            return fail(it->first, QStringLiteral("unknown key \"%1\" in %2; expected one of %3")
                                       .arg(key, QLatin1String(what), keyList(allowed)));
        if (seen.contains(key))
            return fail(it->first, QStringLiteral("\"%1\" is given twice in %2").arg(key, QLatin1String(what)));
        seen.insert(key);
    }
    return true;
}

bool ScenarioSpecReader::scalar(const YAML::Node &node, const QString &what, QString *out)
{
    if (!node.IsScalar())
        return fail(node, QStringLiteral("expected %1 as a string%2").arg(what,
                              node.IsMap() ? QStringLiteral(" (quote text that starts with {{ or {)") : QString()));
    *out = QString::fromStdString(node.Scalar());
    return true;
}

// A string with where its first character is; exact when the scalar is written on one line as is.
bool ScenarioSpecReader::text(const YAML::Node &node, const QString &what, TextAt *out)
{
    if (!scalar(node, what, &out->text))
        return false;
    out->pos = pos(node);
    const std::string &s = node.Scalar();
    const int at = node.Mark().pos;
    const auto verbatimFrom = [&](int from) {
        return from >= 0 && from + int(s.size()) <= m_text.size()
            && std::string_view(m_text.constData() + from, s.size()) == s;
    };
    if (verbatimFrom(at))
        out->verbatim = true;
    else if (at >= 0 && at < m_text.size() && (m_text[at] == '"' || m_text[at] == '\'') && verbatimFrom(at + 1)) {
        out->verbatim = true;
        ++out->pos.column;
    }
    return true;
}

bool ScenarioSpecReader::oneOf(const YAML::Node &node, const QString &what, std::initializer_list<const char *> choices, QString *out)
{
    if (!scalar(node, what, out))
        return false;
    for (const char *choice : choices) {
        if (*out == QLatin1String(choice))
            return true;
    }
    return fail(node, QStringLiteral("expected %1 to be %2, got \"%3\"").arg(what, keyList(choices, " or "), *out));
}

bool ScenarioSpecReader::boolean(const YAML::Node &node, const QString &what, bool *out)
{
    QString value;
    if (!scalar(node, what, &value))
        return false;
    if (value != QLatin1String("true") && value != QLatin1String("false"))
        return fail(node, QStringLiteral("expected %1 to be true or false, got \"%2\"").arg(what, value));
    *out = value == QLatin1String("true");
    return true;
}

bool ScenarioSpecReader::name(const YAML::Node &node, const QString &what, QString *out, SourcePos *at)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (!scalar(node, what, out))
        return false;
    *at = pos(node);
    if (!pattern.match(*out).hasMatch())
        return fail(node, QStringLiteral("expected %1 to be a name of letters, digits and _, got \"%2\"").arg(what, *out));
    return true;
}

bool ScenarioSpecReader::duration(const YAML::Node &node, const QString &what, qint64 *ns)
{
    QString value;
    if (!scalar(node, what, &value))
        return false;
    *ns = ScenarioFile::parseDurationNs(value);
    if (*ns <= 0)
        return fail(node, QStringLiteral("expected %1 to be a positive duration like 500ms, 2s or 1m, got \"%2\"").arg(what, value));
    return true;
}

bool ScenarioSpecReader::readConnect(const YAML::Node &connect, ScenarioSpec *spec)
{
    if (!checkKeys(connect, "connect", {"url", "headers"}))
        return false;
    if (const YAML::Node url = connect["url"]; url && !text(url, QStringLiteral("connect.url"), &spec->url))
        return false;
    if (const YAML::Node headers = connect["headers"]) {
        if (!headers.IsMap())
            return fail(headers, QStringLiteral("expected connect.headers to be a mapping of Name: value"));
        static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
        for (auto it = headers.begin(); it != headers.end(); ++it) {
            QString header;
            TextAt value;
            if (!scalar(it->first, QStringLiteral("a header name"), &header) || !text(it->second, QStringLiteral("a header value"), &value))
                return false;
            if (!token.match(header).hasMatch())
                return fail(it->first, QStringLiteral("expected a header name (letters, digits, -), got \"%1\"").arg(header));
            spec->headers.append({header, value});
        }
    }
    return true;
}

bool ScenarioSpecReader::readData(const YAML::Node &data, ScenarioSpec *spec)
{
    if (!checkKeys(data, "data", {"csv", "order"}))
        return false;
    const YAML::Node csv = data["csv"];
    if (!csv)
        return fail(data, QStringLiteral("expected data.csv, the CSV file with a row per connection"));
    if (!scalar(csv, QStringLiteral("data.csv"), &spec->csvPath))
        return false;
    spec->csvPos = pos(csv);
    QString order;
    if (data["order"] && !oneOf(data["order"], QStringLiteral("data.order"), {"cycle", "unique"}, &order))
        return false;
    spec->uniqueRows = order == QLatin1String("unique");
    return true;
}

// match/contains/equals/starts_with of a handler or an await, which may hold other keys too.
bool ScenarioSpecReader::readMatch(const YAML::Node &owner, MatchSpec *match)
{
    match->pos = pos(owner);
    if (const YAML::Node fields = owner["match"]) {
        if (!fields.IsMap() || fields.size() == 0)
            return fail(fields, QStringLiteral("expected match to be a mapping of top-level JSON fields, e.g. {type: ack}"));
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            TextAt field, value;
            if (!text(it->first, QStringLiteral("a field name"), &field))
                return false;
            if (it->second.IsMap() || it->second.IsSequence())
                return fail(it->second, QStringLiteral("expected a string or number for \"%1\": nested values are not matched "
                                                       "(match top-level fields, or use contains)").arg(field.text));
            if (it->second.IsNull()) // an empty value has no position of its own: point at its key
                return fail(it->first, QStringLiteral("expected a value for \"%1\" (quote \"null\" to match a JSON null)").arg(field.text));
            if (!text(it->second, QStringLiteral("a field value"), &value))
                return false;
            match->fields.append({field, value});
        }
    }
    const std::pair<const char *, std::optional<TextAt> *> raw[] = {
        {"contains", &match->contains}, {"equals", &match->equals}, {"starts_with", &match->startsWith}};
    for (const auto &[key, target] : raw) {
        if (const YAML::Node node = owner[key]) {
            TextAt value;
            if (!text(node, QLatin1String(key), &value))
                return false;
            if (value.text.isEmpty() && QLatin1String(key) != QLatin1String("equals"))
                return fail(node, QStringLiteral("expected %1 to be non-empty").arg(QLatin1String(key)));
            *target = value;
        }
    }
    if (match->isEmpty())
        return fail(owner, QStringLiteral("expected one of match, contains, equals or starts_with to say which frames this takes"));
    return true;
}

bool ScenarioSpecReader::readHandler(const YAML::Node &node, HandlerSpec *handler)
{
    if (!checkKeys(node, "a handler", {"match", "contains", "equals", "starts_with", "reply", "binary", "count",
                                       "latency_from", "metric"}))
        return false;
    handler->pos = pos(node);
    if (!readMatch(node, &handler->match))
        return false;
    if (const YAML::Node reply = node["reply"]) {
        handler->reply = TextAt();
        if (!text(reply, QStringLiteral("reply"), &*handler->reply))
            return false;
    }
    if (const YAML::Node binary = node["binary"]) {
        if (!boolean(binary, QStringLiteral("binary"), &handler->binary))
            return false;
        if (!handler->reply)
            return fail(binary, QStringLiteral("expected binary only with reply"));
    }
    if (const YAML::Node count = node["count"]; count && !name(count, QStringLiteral("count"), &handler->count, &handler->countPos))
        return false;
    if (const YAML::Node metric = node["metric"]; metric && !name(metric, QStringLiteral("metric"), &handler->metric, &handler->metricPos))
        return false;
    if (const YAML::Node from = node["latency_from"]) {
        handler->latencyFrom = TextAt();
        if (!text(from, QStringLiteral("latency_from"), &*handler->latencyFrom))
            return false;
        if (handler->metric.isEmpty() && handler->count.isEmpty())
            return fail(from, QStringLiteral("expected metric (or count) to name the latency latency_from records"));
        if (handler->metric.isEmpty()) {
            handler->metric = handler->count;
            handler->metricPos = handler->countPos;
        }
    } else if (!handler->metric.isEmpty()) {
        return fail(node["metric"], QStringLiteral("expected latency_from with a handler's metric (the field with the send time)"));
    }
    return true;
}

bool ScenarioSpecReader::readAwait(const YAML::Node &node, AwaitSpec *await)
{
    if (!checkKeys(node, "await", {"match", "contains", "equals", "starts_with", "timeout", "metric", "on_timeout"}))
        return false;
    await->pos = pos(node);
    if (!readMatch(node, &await->match))
        return false;
    await->timeoutNs = qint64(10) * 1000 * 1000 * 1000;
    if (const YAML::Node timeout = node["timeout"]; timeout && !duration(timeout, QStringLiteral("timeout"), &await->timeoutNs))
        return false;
    if (const YAML::Node metric = node["metric"]; metric && !name(metric, QStringLiteral("metric"), &await->metric, &await->metricPos))
        return false;
    QString onTimeout;
    if (node["on_timeout"] && !oneOf(node["on_timeout"], QStringLiteral("on_timeout"), {"close", "continue"}, &onTimeout))
        return false;
    await->closeOnTimeout = onTimeout == QLatin1String("close");
    return true;
}

bool ScenarioSpecReader::readSteps(const YAML::Node &steps, int depth, QVector<StepSpec> *out)
{
    if (!steps.IsSequence() || steps.size() == 0)
        return fail(steps, QStringLiteral("expected steps to be a non-empty list (- send: ..., - await: ..., - think: ...)"));
    if (depth > kMaxRepeatDepth)
        return fail(steps, QStringLiteral("expected repeats nested at most %1 deep").arg(kMaxRepeatDepth));
    for (const YAML::Node &node : steps) {
        out->append(StepSpec());
        if (!readStep(node, depth, &out->last()))
            return false;
    }
    return true;
}

bool ScenarioSpecReader::readStep(const YAML::Node &node, int depth, StepSpec *step)
{
    if (!checkKeys(node, "a step", {"send", "binary", "await", "think", "repeat", "every", "steps", "close"}))
        return false;
    step->pos = pos(node);
    const char *kinds[] = {"send", "await", "think", "repeat", "close"};
    QStringList given;
    for (const char *k : kinds) {
        if (node[k] && !(QLatin1String(k) == QLatin1String("await") && node["send"]))
            given << QString::fromLatin1(k);
    }
    if (given.size() != 1)
        return fail(node, QStringLiteral("expected a step to do one thing: send (with an optional await), await, think, "
                                         "repeat or close; got %1").arg(given.isEmpty() ? QStringLiteral("none") : given.join(QLatin1String(" and "))));
    const QString kind = given.first();
    const auto onlyWith = [&](const char *key, const char *owner) {
        return !node[key] || kind == QLatin1String(owner)
            || fail(node[key], QStringLiteral("expected %1 only in a %2 step").arg(QLatin1String(key), QLatin1String(owner)));
    };
    if (!onlyWith("binary", "send") || !onlyWith("every", "repeat") || !onlyWith("steps", "repeat"))
        return false;
    if (node["await"]) {
        step->await = AwaitSpec();
        if (!readAwait(node["await"], &*step->await))
            return false;
    }
    if (kind == QLatin1String("send")) {
        step->kind = StepSpec::Kind::Send;
        return text(node["send"], QStringLiteral("send"), &step->send)
            && (!node["binary"] || boolean(node["binary"], QStringLiteral("binary"), &step->binary));
    }
    if (kind == QLatin1String("await")) {
        step->kind = StepSpec::Kind::Await;
        return true;
    }
    if (kind == QLatin1String("think"))
        return readThink(node["think"], step);
    if (kind == QLatin1String("close"))
        return readClose(node["close"], step);
    return readRepeat(node, depth, step);
}

bool ScenarioSpecReader::readThink(const YAML::Node &node, StepSpec *step)
{
    step->kind = StepSpec::Kind::Think;
    QString value;
    if (!scalar(node, QStringLiteral("think"), &value))
        return false;
    const QStringList range = value.split(QLatin1String(".."));
    step->thinkMinNs = ScenarioFile::parseDurationNs(range.first());
    step->thinkMaxNs = range.size() == 2 ? ScenarioFile::parseDurationNs(range.last()) : step->thinkMinNs;
    if (range.size() > 2 || step->thinkMinNs < 0 || step->thinkMaxNs < step->thinkMinNs)
        return fail(node, QStringLiteral("expected think to be a duration (1s) or an ascending range (100ms..300ms), got \"%1\"").arg(value));
    return true;
}

bool ScenarioSpecReader::readClose(const YAML::Node &node, StepSpec *step)
{
    step->kind = StepSpec::Kind::Close;
    QString value;
    if (!scalar(node, QStringLiteral("close"), &value))
        return false;
    bool ok = false;
    const int code = value.toInt(&ok);
    // What RFC 6455 lets a client send: 1000-1003, 1007-1011, and 3000-4999 for applications.
    const bool valid = ok && ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999));
    if (!valid)
        return fail(node, QStringLiteral("expected close to be a close code a client may send (1000-1003, 1007-1011, "
                                         "3000-4999), got \"%1\"").arg(value));
    step->closeCode = code;
    return true;
}

bool ScenarioSpecReader::readRepeat(const YAML::Node &node, int depth, StepSpec *step)
{
    step->kind = StepSpec::Kind::Repeat;
    QString value;
    if (!scalar(node["repeat"], QStringLiteral("repeat"), &value))
        return false;
    bool ok = false;
    if (value == QLatin1String("forever"))
        step->repeatCount = -1;
    else if ((step->repeatCount = value.toLongLong(&ok)) < 1 || !ok)
        return fail(node["repeat"], QStringLiteral("expected repeat to be a count of at least 1 or forever, got \"%1\"").arg(value));
    if (const YAML::Node every = node["every"]; every && !duration(every, QStringLiteral("every"), &step->everyNs))
        return false;
    if (!node["steps"])
        return fail(node, QStringLiteral("expected the steps to repeat under \"steps\""));
    return readSteps(node["steps"], depth + 1, &step->steps);
}
