#include "verdictbanner.h"

#include <runhealth.h>
#include <verdict.h>

VerdictBanner::VerdictBanner(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("verdictBanner"));
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setContentsMargins(8, 4, 8, 4);
    hide();
}

void VerdictBanner::showFor(const Session &session, bool live)
{
    const RunHealth health = RunHealth::of(session);
    const Verdict verdict = Verdict::of(session, health);
    const QStringList warnings = health.warnings();
    if (live || session.samples.isEmpty() || (verdict.outcome == Verdict::Outcome::None && warnings.isEmpty())) {
        hide();
        return;
    }
    QStringList checks;
    for (const Verdict::Check &c : verdict.checks) {
        const QString mark = c.passed ? QStringLiteral("✓") : QStringLiteral("✗");
        checks << (c.measured.isEmpty() ? QStringLiteral("%1 %2").arg(c.threshold, mark)
                                        : QStringLiteral("%1: %2 %3").arg(c.threshold, c.measured, mark));
    }
    QString html;
    if (verdict.outcome != Verdict::Outcome::None) {
        html = QStringLiteral("<b>%1</b>").arg(verdict.word());
        if (verdict.outcome == Verdict::Outcome::Fail)
            html += QStringLiteral(": ") + verdict.failures.join(QStringLiteral("; ")).toHtmlEscaped();
        if (!checks.isEmpty())
            html += QStringLiteral(" &nbsp;·&nbsp; ") + checks.join(QStringLiteral(" · ")).toHtmlEscaped();
    }
    // Two lines at most, so the charts keep their height; every warning is in the tooltip and the Summary tab.
    if (!warnings.isEmpty()) {
        html += (html.isEmpty() ? QString() : QStringLiteral("<br>")) + QStringLiteral("⚠ ") + warnings.first().toHtmlEscaped();
        if (warnings.size() > 1)
            html += tr(" (and %n more in the Summary tab)", nullptr, int(warnings.size() - 1));
    }
    setText(html);
    setToolTip(warnings.join(QLatin1Char('\n')));
    const bool pass = verdict.outcome == Verdict::Outcome::Pass;
    const bool fail = verdict.outcome == Verdict::Outcome::Fail || verdict.outcome == Verdict::Outcome::Incomplete;
    const QString colours = fail ? QStringLiteral("background:#fbe5e2;color:#a12a1c")
        : pass && warnings.isEmpty() ? QStringLiteral("background:#e3f4ea;color:#1e6b41")
                                     : QStringLiteral("background:#fff3d6;color:#7a5200");
    setStyleSheet(QStringLiteral("QLabel#verdictBanner{%1;border-radius:3px}").arg(colours));
    show();
}
