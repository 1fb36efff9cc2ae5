#pragma once

#include <QString>

#include <optional>

// One agent's part of a load that N agents share (--shard K/N). Connection numbers stay global:
// agent K runs K-1, K-1+N, K-1+2N, ... below the total, so CSV rows, {{conn}} and broadcast
// publisher ids never collide across agents; rates, ramp and churn are divided by N.
struct LoadShard
{
    int index = 1; // K, from 1
    int count = 1; // N

    // "K/N" with 1 <= K <= N; nullopt with a readable *error otherwise.
    static std::optional<LoadShard> parse(const QString &text, QString *error);

    bool isWhole() const { return count == 1; }
    QString text() const { return QStringLiteral("%1/%2").arg(index).arg(count); }
    // How many of `total` global connections are this agent's.
    int localCount(int total) const;
    // The global number of this agent's local connection `local` (0-based).
    int globalNumber(int local) const { return index - 1 + local * count; }
    // Whether global connection `global` runs on this agent.
    bool owns(int global) const { return global >= 0 && global % count == index - 1; }
    // This agent's share of an aggregate rate (messages, connections or closes per second).
    double share(double total) const { return total / count; }
};
