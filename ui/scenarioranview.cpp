#include "scenarioranview.h"

#include "codeeditor.h"

#include <runconfig.h>

#include <QLabel>
#include <QVBoxLayout>

ScenarioRanView::ScenarioRanView(QWidget *parent)
    : QWidget(parent)
    , m_caption(new QLabel)
    , m_text(new CodeEditor)
{
    m_text->setObjectName(QStringLiteral("scenarioRanText"));
    m_text->setReadOnly(true);
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(3);
    layout->addWidget(m_caption);
    layout->addWidget(m_text, 1);
}

bool ScenarioRanView::showSession(const Session &session, const QString &sessionName)
{
    const RunConfig config = RunConfig::of(session);
    m_text->setPlainText(config.scenarioText);
    if (config.scenarioText.isEmpty())
        return false;
    const QString data = config.scenarioCsv.isEmpty() ? QString() : tr(", with the rows of %1 (not kept: they may hold tokens)").arg(config.scenarioCsv.toHtmlEscaped());
    m_caption->setText(tr("What <b>%1</b> ran: <b>%2</b> as it was then%3. Read-only; the Scenario tab edits files.")
                           .arg(sessionName.toHtmlEscaped(), config.scenarioFile.toHtmlEscaped(), data));
    return true;
}

QString ScenarioRanView::text() const
{
    return m_text->toPlainText();
}
