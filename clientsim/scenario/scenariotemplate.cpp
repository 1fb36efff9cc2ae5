#include "scenariotemplate.h"

#include "csvtable.h"
#include "scenariofile.h"
#include "scenarioframe.h"

#include <charconv>

namespace {

void appendInteger(qint64 value, QByteArray *out)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out->append(buffer, int(result.ptr - buffer));
}

QString names()
{
    return QStringLiteral("target, row.FIELD, conn, seq, msg.FIELD, now_ms, uuid, rand_int A B or env.NAME");
}

} // namespace

std::optional<ScenarioTemplate> ScenarioTemplate::compile(const TextAt &text, const TemplateScope &scope, const QString &fileName,
                                                          QString *error)
{
    ScenarioTemplate t;
    const QByteArray bytes = text.text.toUtf8();
    int from = 0;
    while (from < bytes.size()) {
        const int open = bytes.indexOf("{{", from);
        if (open < 0) {
            t.addLiteral(bytes.mid(from));
            break;
        }
        t.addLiteral(bytes.mid(from, open - from));
        const int close = bytes.indexOf("}}", open + 2);
        QString problem;
        if (close < 0)
            problem = QStringLiteral("expected }} to close the template started here");
        else
            t.addVariable(bytes.mid(open + 2, close - open - 2).trimmed(), scope, &problem);
        if (!problem.isEmpty()) {
            SourcePos at = text.pos;
            if (text.verbatim)
                at.column += open;
            *error = ScenarioFile::where(fileName, at) + problem;
            return std::nullopt;
        }
        from = close + 2;
    }
    return t;
}

void ScenarioTemplate::addLiteral(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    if (!m_parts.isEmpty() && m_parts.last().kind == Kind::Literal && m_parts.last().offset + m_parts.last().length == m_text.size()) {
        m_parts.last().length += int(bytes.size());
    } else {
        Part part;
        part.offset = int(m_text.size());
        part.length = int(bytes.size());
        m_parts.append(part);
    }
    m_text += bytes;
}

bool ScenarioTemplate::addVariable(const QByteArray &name, const TemplateScope &scope, QString *error)
{
    Part part;
    const QString shown = QString::fromUtf8(name);
    if (name == "target") {
        addLiteral(scope.target);
        return true;
    }
    if (name == "conn" || name == "seq" || name == "now_ms" || name == "uuid") {
        part.kind = name == "conn" ? Kind::Conn : name == "seq" ? Kind::Seq : name == "now_ms" ? Kind::NowMs : Kind::Uuid;
    } else if (name.startsWith("row.") && name.size() > 4) {
        if (!scope.data) {
            *error = QStringLiteral("%1 needs a data section (data: {csv: FILE}) whose header names the field").arg(shown);
            return false;
        }
        part.kind = Kind::Row;
        part.offset = scope.data->columnIndex(QString::fromUtf8(name.mid(4)));
        if (part.offset < 0) {
            *error = QStringLiteral("expected a column of the CSV file (%1), got %2")
                         .arg(QString::fromUtf8(scope.data->columns().join(", ")), shown);
            return false;
        }
    } else if (name.startsWith("msg.") && name.size() > 4) {
        if (!scope.message) {
            *error = QStringLiteral("%1 names a field of the matched message: only a handler's reply has one").arg(shown);
            return false;
        }
        part.kind = Kind::Msg;
        part.offset = int(m_text.size());
        part.length = int(name.size() - 4);
        m_text += name.mid(4);
    } else if (name.startsWith("env.") && name.size() > 4) {
        const auto value = scope.env ? scope.env(QString::fromUtf8(name.mid(4))) : std::nullopt;
        if (!value) {
            *error = QStringLiteral("%1: the environment variable %2 is not set").arg(shown, QString::fromUtf8(name.mid(4)));
            return false;
        }
        addLiteral(*value);
        return true;
    } else if (name.startsWith("rand_int ")) {
        const QList<QByteArray> args = name.simplified().split(' ');
        bool okLow = false, okHigh = false;
        if (args.size() == 3) {
            part.low = args[1].toLongLong(&okLow);
            part.high = args[2].toLongLong(&okHigh);
        }
        if (!okLow || !okHigh || part.low > part.high) {
            *error = QStringLiteral("expected rand_int A B with integers A <= B, got %1").arg(shown);
            return false;
        }
        part.kind = Kind::RandInt;
    } else {
        *error = QStringLiteral("unknown template name \"%1\"; expected %2").arg(shown, names());
        return false;
    }
    m_parts.append(part);
    return true;
}

void ScenarioTemplate::render(const TemplateInputs &in, QByteArray *out) const
{
    for (const Part &part : m_parts) {
        switch (part.kind) {
        case Kind::Literal: out->append(m_text.constData() + part.offset, part.length); break;
        case Kind::Row: out->append(in.row->at(part.offset)); break;
        case Kind::Conn: appendInteger(in.conn, out); break;
        case Kind::Seq: appendInteger(qint64(in.seq), out); break;
        case Kind::NowMs: appendInteger(in.nowEpochMs, out); break;
        case Kind::Uuid: appendUuid(*in.random, out); break;
        case Kind::RandInt:
            appendInteger(std::uniform_int_distribution<qint64>(part.low, part.high)(*in.random), out);
            break;
        case Kind::Msg:
            if (in.msg) {
                if (const JsonFields::Field *f = in.msg->field(std::string_view(m_text.constData() + part.offset, size_t(part.length))))
                    out->append(f->value.data(), qsizetype(f->value.size())); // as written: copied into JSON it stays valid
            }
            break;
        }
    }
}

bool ScenarioTemplate::isConstant() const
{
    return m_parts.isEmpty() || (m_parts.size() == 1 && m_parts.first().kind == Kind::Literal);
}

QByteArray ScenarioTemplate::constantText() const
{
    return m_text;
}

void ScenarioTemplate::appendUuid(std::mt19937_64 &random, QByteArray *out)
{
    static const char hex[] = "0123456789abcdef";
    quint64 halves[2] = {random(), random()};
    halves[0] = (halves[0] & ~quint64(0xF000)) | 0x4000; // version 4
    halves[1] = (halves[1] & ~(quint64(0xC) << 60)) | (quint64(0x8) << 60); // RFC 4122 variant
    char text[36];
    int at = 0;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            text[at++] = '-';
        const quint64 half = halves[i / 16];
        text[at++] = hex[(half >> (60 - 4 * (i % 16))) & 0xF];
    }
    out->append(text, 36);
}
