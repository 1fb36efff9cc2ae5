#include "scrapedseries.h"

#include "closecodes.h"

#include <QRegularExpression>

namespace {

QString family(const QString &key)
{
    return key.section(QLatin1Char('{'), 0, 0);
}

bool hasAny(const QString &name, std::initializer_list<const char *> words)
{
    for (const char *word : words) {
        if (name.contains(QLatin1String(word)))
            return true;
    }
    return false;
}

// "socketscope_messages_received_total" -> "messages received"
QString readable(const QString &key)
{
    QString name = family(key);
    name.remove(QRegularExpression(QStringLiteral("_total$")));
    return name.replace(QLatin1Char('_'), QLatin1Char(' '));
}

struct Guess
{
    QString connections, received, sent, closes;
};

Guess guess(const QStringList &available)
{
    Guess g;
    if (available.contains(QStringLiteral("socketscope_connections"))) {
        g.connections = QStringLiteral("socketscope_connections");
        g.received = QStringLiteral("socketscope_messages_received_total");
        g.sent = QStringLiteral("socketscope_messages_sent_total");
        g.closes = QStringLiteral("socketscope_close_codes_total");
        return g;
    }
    for (const QString &key : available) {
        const QString name = family(key).toLower();
        const bool counter = ScrapedSeries::isCounter(name);
        if (!counter && g.connections.isEmpty() && name.contains(QLatin1String("connection")) && !key.contains(QLatin1Char('{')))
            g.connections = key;
        if (counter && name.contains(QLatin1String("message")) && !key.contains(QLatin1Char('{'))) {
            if (g.received.isEmpty() && hasAny(name, {"receiv", "recv", "_in_", "inbound"}))
                g.received = key;
            else if (g.sent.isEmpty() && hasAny(name, {"sent", "send", "_out_", "outbound"}))
                g.sent = key;
        }
        if (counter && g.closes.isEmpty() && name.contains(QLatin1String("close")) && ScrapedSeries::closeCode(key) > 0)
            g.closes = family(key);
    }
    return g;
}

} // namespace

bool ScrapedSeries::isCounter(const QString &key)
{
    const QString name = family(key);
    return name.endsWith(QLatin1String("_total")) || name.endsWith(QLatin1String("_count"));
}

int ScrapedSeries::closeCode(const QString &key)
{
    static const QRegularExpression code(QStringLiteral(R"re(\bcode="(\d+)")re"));
    const auto m = code.match(key);
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

ScrapedSeries ScrapedSeries::choose(const QStringList &available, const QStringList &wanted)
{
    ScrapedSeries s;
    if (wanted.isEmpty()) {
        const Guess g = guess(available);
        if (available.contains(g.connections))
            s.picks.append({g.connections, QStringLiteral("target open"), Chart::Connections, false});
        if (available.contains(g.received))
            s.picks.append({g.received, QStringLiteral("target received/s"), Chart::Rate, true});
        if (available.contains(g.sent))
            s.picks.append({g.sent, QStringLiteral("target sent/s"), Chart::Rate, true});
        if (available.contains(QStringLiteral("go_goroutines")))
            s.picks.append({QStringLiteral("go_goroutines"), QStringLiteral("target goroutines"), Chart::Connections, false});
        for (const QString &key : available) {
            const int code = closeCode(key);
            if (!g.closes.isEmpty() && family(key) == g.closes && code > 0 && !CloseCodes::isNormal(code))
                s.picks.append({key, QStringLiteral("target close %1/s").arg(code), Chart::Errors, true});
        }
        return s;
    }
    for (const QString &name : wanted) {
        for (const QString &key : available) {
            if (family(key) != name)
                continue;
            const bool counter = isCounter(key);
            const int code = closeCode(key);
            if (code > 0 && CloseCodes::isNormal(code))
                continue;
            QString label = QStringLiteral("target ") + readable(key);
            if (code > 0)
                label += QLatin1Char(' ') + QString::number(code);
            else if (key.contains(QLatin1Char('{')))
                label += QLatin1Char(' ') + key.section(QLatin1Char('{'), 1).chopped(1);
            const bool errors = hasAny(name.toLower(), {"close", "error", "fail", "drop", "timeout"});
            s.picks.append({key, counter ? label + QStringLiteral("/s") : label,
                            errors ? Chart::Errors : (counter ? Chart::Rate : Chart::Connections), counter});
        }
    }
    return s;
}
