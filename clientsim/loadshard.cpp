#include "loadshard.h"

#include <QRegularExpression>

std::optional<LoadShard> LoadShard::parse(const QString &text, QString *error)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*(\d{1,6})\s*/\s*(\d{1,6})\s*$)"));
    const auto m = pattern.match(text);
    LoadShard shard;
    if (m.hasMatch()) {
        shard.index = m.captured(1).toInt();
        shard.count = m.captured(2).toInt();
    }
    if (!m.hasMatch() || shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
        *error = QStringLiteral("--shard expects K/N with 1 <= K <= N, e.g. 2/6, got \"%1\"").arg(text);
        return std::nullopt;
    }
    return shard;
}

int LoadShard::localCount(int total) const
{
    const int first = index - 1;
    return total > first ? (total - first + count - 1) / count : 0;
}
