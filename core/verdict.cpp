#include "verdict.h"

#include "runconfig.h"
#include "runsummary.h"
#include "threshold.h"

Verdict Verdict::of(const Session &session, const RunHealth &health)
{
    Verdict v;
    const RunConfig config = RunConfig::of(session);
    const bool finished = !session.summary.isEmpty();
    const RunSummary summary = RunSummary::fromJson(session.summary);
    for (const QString &text : config.thresholds) {
        Check check;
        check.threshold = text;
        QString error;
        const auto threshold = Threshold::parse(text, &error);
        if (!threshold) {
            check.error = error;
            v.failures << error;
        } else if (finished) {
            check.measured = threshold->measured(summary);
            check.passed = threshold->passes(summary);
            if (!check.passed)
                v.failures << QStringLiteral("%1 measured %2").arg(text, check.measured);
        }
        v.checks.append(check);
    }
    if (health.serverDiedAtSec)
        v.failures << QStringLiteral("the server died at %1 s").arg(*health.serverDiedAtSec, 0, 'f', 1);
    if (!v.failures.isEmpty())
        v.outcome = Outcome::Fail;
    else if (!v.checks.isEmpty())
        v.outcome = finished ? Outcome::Pass : Outcome::Incomplete;
    return v;
}

QString Verdict::word() const
{
    switch (outcome) {
    case Outcome::Pass: return QStringLiteral("PASS");
    case Outcome::Fail: return QStringLiteral("FAIL");
    case Outcome::Incomplete: return QStringLiteral("INCOMPLETE");
    case Outcome::None: break;
    }
    return {};
}

QString Verdict::summaryLine() const
{
    switch (outcome) {
    case Outcome::Pass:
        return QStringLiteral("PASS: %1 of %1 thresholds").arg(checks.size());
    case Outcome::Fail:
        return QStringLiteral("FAIL: ") + failures.join(QStringLiteral("; "));
    case Outcome::Incomplete:
        return QStringLiteral("INCOMPLETE: the load did not finish, so its thresholds were not judged");
    case Outcome::None:
        break;
    }
    return {};
}
