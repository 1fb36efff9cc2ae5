#pragma once

#include <QMap>

// RFC 6455 close codes as a run reads them: 1000 (normal) and 1001 (going away, e.g. a server or
// client ending the run) are how connections end when all is well; every other code, 1006 (the
// connection dropped without a close frame) above all, is an abnormal end and counts as an error.
namespace CloseCodes {

constexpr int kNormal = 1000;
constexpr int kGoingAway = 1001;
constexpr int kAbnormal = 1006;

inline bool isNormal(int code)
{
    return code == kNormal || code == kGoingAway;
}

inline quint64 abnormalTotal(const QMap<int, quint64> &codes)
{
    quint64 total = 0;
    for (auto it = codes.cbegin(); it != codes.cend(); ++it) {
        if (!isNormal(it.key()))
            total += it.value();
    }
    return total;
}

inline quint64 normalTotal(const QMap<int, quint64> &codes)
{
    return codes.value(kNormal) + codes.value(kGoingAway);
}

} // namespace CloseCodes
