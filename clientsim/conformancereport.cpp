#include "conformancereport.h"

#include <QJsonArray>

QString ConformanceReport::table(const QUrl &url, const QVector<ConformanceResult> &results)
{
    QStringList lines{QStringLiteral("RFC 6455 conformance of %1").arg(url.toString()), QString()};
    int passed = 0;
    for (const ConformanceResult &r : results) {
        passed += r.passed;
        lines << QStringLiteral("%1  %2  %3").arg(r.passed ? QStringLiteral("pass") : QStringLiteral("FAIL"),
                                                  r.testCase.section.leftJustified(6), r.testCase.title);
        if (r.passed)
            continue;
        QStringList expected;
        for (const auto &e : r.testCase.expected)
            expected << e.describe();
        lines << QStringLiteral("              case:     %1").arg(r.testCase.id)
              << QStringLiteral("              sent:     %1").arg(r.testCase.sentSummary())
              << QStringLiteral("              expected: %1").arg(expected.join(QLatin1String(", then ")))
              << QStringLiteral("              got:      %1").arg(r.got.isEmpty() ? QStringLiteral("nothing") : r.got);
    }
    lines << QString() << QStringLiteral("%1 of %2 cases passed").arg(passed).arg(results.size());
    return lines.join(QLatin1Char('\n'));
}

SessionEvent ConformanceReport::event(const ConformanceResult &r)
{
    return {0, QStringLiteral("load"), r.passed ? QStringLiteral("conformance_pass") : QStringLiteral("conformance_fail"),
            QStringLiteral("%1 %2: %3").arg(r.testCase.section, r.testCase.title, r.got)};
}

Session ConformanceReport::session(const QUrl &url, const QVector<ConformanceResult> &results)
{
    Session session;
    session.config = {{QStringLiteral("url"), url.toString()}, {QStringLiteral("mode"), QStringLiteral("conformance")}};
    QJsonArray cases;
    int failed = 0;
    for (const ConformanceResult &r : results) {
        cases.append(r.toJson());
        session.events.append(event(r));
        failed += !r.passed;
    }
    session.summary = {{QStringLiteral("conformance"), cases},
                       {QStringLiteral("conformancePassed"), int(results.size()) - failed},
                       {QStringLiteral("conformanceFailed"), failed}};
    return session;
}
