#include "loadpanel.h"

#include "agentfields.h"
#include "formfields.h"
#include "reconnectfields.h"

#include <commaseparated.h>
#include <threshold.h>

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QUrl>
#include <QVBoxLayout>

namespace {

QWidget *row(std::initializer_list<QWidget *> widgets, QWidget *stretched)
{
    auto *box = new QWidget;
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *w : widgets)
        layout->addWidget(w, w == stretched ? 1 : 0);
    return box;
}

} // namespace

LoadPanel::LoadPanel(QWidget *parent)
    : QWidget(parent)
    , m_target(new QLineEdit)
    , m_scenario(new QComboBox)
    , m_connections(makeSpinBox(1, 1000000, 1000))
    , m_ramp(makeSpinBox(0, 1000000, 500, tr("all at once")))
    , m_threads(makeSpinBox(0, 256, 0, tr("per core")))
    , m_closedLoop(new QRadioButton(tr("Window")))
    , m_openLoop(new QRadioButton(tr("Rate")))
    , m_window(makeSpinBox(1, 1000, 1))
    , m_rate(makeSpinBox(1, 1000000, 10000))
    , m_publishers(makeSpinBox(1, 100000, 1))
    , m_publishRate(makeSpinBox(1, 1000000, kDefaultPublishesPerSec))
    , m_churn(makeSpinBox(0, 100000, 0, tr("off")))
    , m_size(makeSpinBox(40, 16 * 1024 * 1024, 64))
    , m_binary(new QCheckBox(tr("Binary")))
    , m_insecure(new QCheckBox(tr("Any TLS cert.")))
    , m_duration(makeDoubleSpinBox(1, 24 * 3600, 30, QStringLiteral(" s")))
    , m_thresholds(new QLineEdit)
    , m_reconnect(new ReconnectFields)
    , m_agents(new AgentFields)
    , m_profileBox(new QComboBox)
    , m_start(new QPushButton(tr("Start load")))
    , m_stop(new QPushButton(tr("Stop")))
    , m_problem(new QLabel)
    , m_scenarioFileName(new QLabel)
{
    m_start->setObjectName(QStringLiteral("startLoadButton"));
    m_stop->setObjectName(QStringLiteral("stopLoadButton"));
    m_problem->setObjectName(QStringLiteral("loadProblemLabel"));
    m_scenario->addItem(tr("echo (round trip)"), QStringLiteral("echo"));
    m_scenario->addItem(tr("broadcast (fan-out)"), QStringLiteral("broadcast"));
    m_scenario->addItem(tr("idle (hold + ping)"), QStringLiteral("idle"));
    m_scenario->addItem(tr("Scenario file…"), QStringLiteral("file"));
    m_closedLoop->setChecked(true);
    auto *pacingGroup = new QButtonGroup(this);
    pacingGroup->addButton(m_closedLoop);
    pacingGroup->addButton(m_openLoop);
    m_ramp->setSuffix(tr(" /s"));
    m_rate->setSuffix(tr(" /s"));
    m_publishRate->setSuffix(tr(" /s"));
    m_churn->setSuffix(tr(" /s"));
    m_size->setSuffix(tr(" B"));
    m_target->setClearButtonEnabled(true);
    m_thresholds->setPlaceholderText(QStringLiteral("p99<50ms, errors<0.1%"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c0392b"));
    setTooltips();

    auto *saveProfileButton = new QPushButton(tr("Save…"));
    auto *deleteProfileButton = new QPushButton(tr("Delete"));
    saveProfileButton->setToolTip(tr("Keep these settings under a name"));
    deleteProfileButton->setToolTip(tr("Forget the chosen profile"));
    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setVerticalSpacing(3);
    addField(grid, 0, 0, tr("Profile"), row({m_profileBox, saveProfileButton, deleteProfileButton}, m_profileBox), 3);
    addField(grid, 1, 0, tr("Target"), m_target, 3);
    addField(grid, 2, 0, tr("Scenario"), m_scenario, 3);
    addField(grid, 3, 0, tr("Conns"), m_connections);
    addField(grid, 3, 2, tr("Ramp"), m_ramp);
    addField(grid, 4, 0, tr("Threads"), m_threads);
    addField(grid, 4, 2, tr("Churn"), m_churn);
    // The pacing radios stand in the label columns, so the row is no wider than the others.
    grid->addWidget(m_closedLoop, 5, 0);
    grid->addWidget(m_window, 5, 1);
    grid->addWidget(m_openLoop, 5, 2);
    grid->addWidget(m_rate, 5, 3);
    m_echoOnly = {m_closedLoop, m_window, m_openLoop, m_rate};
    auto *at = new QLabel(tr("at"));
    QWidget *publishing = row({m_publishers, at, m_publishRate}, m_publishRate);
    m_broadcastOnly = {addField(grid, 6, 0, tr("Publishers"), publishing, 3), publishing};
    QWidget *payload = row({m_size, m_binary}, m_size);
    m_builtInOnly = {addField(grid, 7, 0, tr("Payload"), payload, 3), payload};
    addField(grid, 8, 0, tr("Duration"), m_duration);
    grid->addWidget(m_insecure, 8, 2, 1, 2);
    addField(grid, 9, 0, tr("Thresholds"), m_thresholds, 3);
    grid->addWidget(m_reconnect, 11, 0, 1, 4); // row 10: a scenario file's name, below
    grid->addWidget(m_agents, 12, 0, 1, 4);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    auto *chooseFile = new QPushButton(tr("Choose…"));
    chooseFile->setToolTip(tr("Open a scenario file in the Scenario tab; Start runs the text there"));
    chooseFile->setObjectName(QStringLiteral("chooseScenarioFileButton"));
    m_scenarioFileName->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QWidget *fileRow = row({m_scenarioFileName, chooseFile}, m_scenarioFileName);
    m_fileOnly = {addField(grid, 10, 0, tr("File"), fileRow, 3), fileRow};
    connect(chooseFile, &QPushButton::clicked, this, &LoadPanel::chooseScenarioFile);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(grid);
    layout->addLayout(buttons);
    layout->addWidget(m_problem);

    connect(m_start, &QPushButton::clicked, this, [this] {
        m_problem->setText(validationError());
        if (m_problem->text().isEmpty())
            Q_EMIT startRequested();
    });
    connect(m_stop, &QPushButton::clicked, this, &LoadPanel::stopRequested);
    connect(m_scenario, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        showScenarioProblem();
        Q_EMIT scenarioChanged();
    });
    connect(m_openLoop, &QRadioButton::toggled, this, &LoadPanel::updateEnabled);
    connect(m_binary, &QCheckBox::toggled, this, [this](bool binary) { m_size->setMinimum(binary ? 20 : 40); });
    connect(m_thresholds, &QLineEdit::textEdited, m_problem, &QLabel::clear);
    connect(saveProfileButton, &QPushButton::clicked, this, &LoadPanel::saveProfile);
    connect(deleteProfileButton, &QPushButton::clicked, this, &LoadPanel::deleteProfile);
    connect(m_profileBox, &QComboBox::textActivated, this, [this](const QString &name) {
        if (m_profiles.contains(name))
            fromJson(m_profiles.value(name).toObject());
    });
    updateEnabled();
    setRunning(false);
}

QWidget *LoadPanel::addField(QGridLayout *grid, int row, int column, const QString &label, QWidget *field, int span)
{
    auto *text = new QLabel(label);
    text->setBuddy(field);
    text->setToolTip(field->toolTip());
    grid->addWidget(text, row, column);
    grid->addWidget(field, row, column + 1, 1, span);
    return text;
}

void LoadPanel::setTooltips()
{
    m_profileBox->setToolTip(tr("Named load settings kept between sessions"));
    m_target->setToolTip(tr("ws:// or wss:// URL to load; empty: the SocketScope server above (or the attached URL)"));
    m_scenario->setToolTip(tr("echo: each message comes back (round-trip latency); broadcast: every subscriber "
                              "receives each publish; idle: connections held open with pings; scenario file: your "
                              "server's own protocol, as the Scenario tab says"));
    m_connections->setToolTip(tr("WebSocket connections to open"));
    m_ramp->setToolTip(tr("New connections per second until all are open"));
    m_threads->setToolTip(tr("Load threads (socketscope-load --threads)"));
    m_churn->setToolTip(tr("Connections closed and reopened per second, on top of the scenario"));
    m_closedLoop->setToolTip(tr("Closed loop: each connection keeps this many messages in flight"));
    m_window->setToolTip(m_closedLoop->toolTip());
    m_openLoop->setToolTip(tr("Open loop: messages per second in total; latency counts from each message's "
                              "scheduled time, so a stalled server cannot hide"));
    m_rate->setToolTip(m_openLoop->toolTip());
    m_publishers->setToolTip(tr("Connections that publish; every connection subscribes"));
    m_publishRate->setToolTip(tr("Publishes per second in total; each reaches every subscriber, so deliveries/s = "
                                 "publishes/s × connections"));
    m_size->setToolTip(tr("Message size; each carries its sender, sequence number and send time"));
    m_binary->setToolTip(tr("Send binary frames instead of text"));
    m_insecure->setToolTip(tr("wss://: accept any certificate (self-signed test servers)"));
    m_duration->setToolTip(tr("How long the load runs once started"));
    m_thresholds->setToolTip(tr("Comma-separated pass/fail bounds: p50/p90/p99/p999/max<N ms, errors<N% or <N, "
                                "connections>=N, rate>=N msg/s; the verdict lists each"));
}

QString LoadPanel::scenario() const
{
    return m_scenario->currentData().toString();
}

QString LoadPanel::target() const
{
    return m_target->text().trimmed();
}

AgentPlan LoadPanel::agentPlan() const
{
    return m_agents->plan();
}

double LoadPanel::durationSec() const
{
    return m_duration->value();
}

QString LoadPanel::validationError() const
{
    const QString url = target();
    const QUrl parsed(url);
    if (!url.isEmpty() && (!parsed.isValid() || parsed.host().isEmpty()
                           || (parsed.scheme() != QLatin1String("ws") && parsed.scheme() != QLatin1String("wss"))))
        return tr("Target: \"%1\" is not a ws:// or wss:// URL.").arg(url);
    if (isScenarioFile() && !m_scenarioProblem.isEmpty())
        return tr("Scenario: %1").arg(m_scenarioProblem);
    if (scenario() == QLatin1String("broadcast") && m_publishers->value() > m_connections->value())
        return tr("Publishers: %1 is more than the %2 connections.").arg(m_publishers->value()).arg(m_connections->value());
    if (m_size->value() < m_size->minimum())
        return tr("Payload: at least %1 bytes.").arg(m_size->minimum());
    if (const QString reconnect = m_reconnect->validationError(); !reconnect.isEmpty())
        return reconnect;
    if (const QString agents = m_agents->validationError(); !agents.isEmpty())
        return agents;
    const AgentPlan plan = agentPlan();
    if (plan.isRemote() && !plan.onThisMachine()) {
        const QString host = parsed.host();
        if (url.isEmpty() || host == QLatin1String("localhost") || QHostAddress(host).isLoopback())
            return tr("Agents on other hosts need a Target URL they can reach, not %1.")
                .arg(url.isEmpty() ? tr("the server above (it listens on this machine)") : url);
        if (isScenarioFile())
            return tr("Agents on other hosts cannot open this machine's scenario file: copy it there and run "
                      "socketscope-load on them (docs/DISTRIBUTED.md).");
    }
    for (const QString &text : commaSeparated(m_thresholds->text())) {
        QString error;
        if (!Threshold::parse(text, &error))
            return tr("Threshold \"%1\": %2").arg(text, error);
    }
    return {};
}

QStringList LoadPanel::arguments(const QString &defaultTarget) const
{
    QStringList args{target().isEmpty() ? defaultTarget : target(),
                     QStringLiteral("--connections"), QString::number(m_connections->value()),
                     QStringLiteral("--ramp"), QString::number(m_ramp->value()),
                     QStringLiteral("--duration"), QString::number(m_duration->value())};
    // A scenario file brings its own messages: ConsoleRun adds --scenario-file, the CLI refuses --size with it.
    if (!isScenarioFile())
        args << QStringLiteral("--scenario") << scenario() << QStringLiteral("--size") << QString::number(m_size->value());
    if (m_threads->value() > 0)
        args << QStringLiteral("--threads") << QString::number(m_threads->value());
    if (scenario() == QLatin1String("broadcast"))
        args << QStringLiteral("--rate") << QString::number(m_publishRate->value()) << QStringLiteral("--publishers")
             << QString::number(m_publishers->value());
    else if (scenario() == QLatin1String("echo") && m_openLoop->isChecked())
        args << QStringLiteral("--rate") << QString::number(m_rate->value());
    else if (scenario() == QLatin1String("echo"))
        args << QStringLiteral("--window") << QString::number(m_window->value());
    if (m_churn->value() > 0)
        args << QStringLiteral("--churn") << QString::number(m_churn->value());
    if (m_binary->isChecked() && !isScenarioFile())
        args << QStringLiteral("--binary");
    if (m_insecure->isChecked())
        args << QStringLiteral("--insecure");
    for (const QString &text : commaSeparated(m_thresholds->text()))
        args << QStringLiteral("--threshold") << text;
    args << m_reconnect->arguments();
    return args;
}

QJsonObject LoadPanel::toJson() const
{
    const bool broadcast = scenario() == QLatin1String("broadcast");
    QJsonObject json{{QStringLiteral("target"), target()},
            {QStringLiteral("scenario"), scenario()},
            {QStringLiteral("connections"), m_connections->value()},
            {QStringLiteral("rampPerSec"), m_ramp->value()},
            {QStringLiteral("threads"), m_threads->value()},
            {QStringLiteral("openLoop"), m_openLoop->isChecked()},
            {QStringLiteral("window"), m_window->value()},
            // What the run asks for: the echo rate, or publishes/s for broadcast (RunConfig reads it).
            {QStringLiteral("ratePerSec"), broadcast ? m_publishRate->value() : m_rate->value()},
            {QStringLiteral("echoRatePerSec"), m_rate->value()},
            {QStringLiteral("publishRatePerSec"), m_publishRate->value()},
            {QStringLiteral("publishers"), m_publishers->value()},
            {QStringLiteral("churnPerSec"), m_churn->value()},
            {QStringLiteral("sizeBytes"), m_size->value()},
            {QStringLiteral("binary"), m_binary->isChecked()},
            {QStringLiteral("insecureTls"), m_insecure->isChecked()},
            {QStringLiteral("durationSec"), m_duration->value()},
            {QStringLiteral("thresholds"), m_thresholds->text()},
            {QStringLiteral("scenarioPath"), m_scenarioPath}};
    m_reconnect->addTo(&json);
    m_agents->addTo(&json);
    return json;
}

void LoadPanel::fromJson(const QJsonObject &json)
{
    auto integer = [&json](const char *key, QSpinBox *box) { box->setValue(json.value(QLatin1String(key)).toInt(box->value())); };
    m_target->setText(json.value(QLatin1String("target")).toString());
    const int scenarioIndex = m_scenario->findData(json.value(QLatin1String("scenario")).toString());
    if (scenarioIndex >= 0)
        m_scenario->setCurrentIndex(scenarioIndex);
    integer("connections", m_connections);
    integer("rampPerSec", m_ramp);
    integer("threads", m_threads);
    (json.value(QLatin1String("openLoop")).toBool() ? m_openLoop : m_closedLoop)->setChecked(true);
    integer("window", m_window);
    // Files and settings from before the two rates were apart keep one "ratePerSec".
    integer("ratePerSec", scenario() == QLatin1String("broadcast") ? m_publishRate : m_rate);
    integer("echoRatePerSec", m_rate);
    integer("publishRatePerSec", m_publishRate);
    integer("publishers", m_publishers);
    integer("churnPerSec", m_churn);
    m_binary->setChecked(json.value(QLatin1String("binary")).toBool());
    integer("sizeBytes", m_size);
    m_insecure->setChecked(json.value(QLatin1String("insecureTls")).toBool());
    m_duration->setValue(json.value(QLatin1String("durationSec")).toDouble(m_duration->value()));
    m_thresholds->setText(json.value(QLatin1String("thresholds")).toString());
    m_reconnect->fromJson(json);
    m_agents->fromJson(json);
    updateEnabled();
    const QString path = json.value(QLatin1String("scenarioPath")).toString();
    if (isScenarioFile() && !path.isEmpty() && path != m_scenarioPath && QFileInfo::exists(path))
        Q_EMIT scenarioFileChosen(path);
}

void LoadPanel::setRunning(bool running)
{
    m_running = running;
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
    updateEnabled();
}

void LoadPanel::setDefaultTargetHint(const QString &hint)
{
    m_target->setPlaceholderText(hint);
}

void LoadPanel::setProfiles(const QJsonObject &profiles, const QString &current)
{
    m_profiles = profiles;
    m_profileBox->clear();
    m_profileBox->addItems(profiles.keys());
    m_profileBox->setCurrentText(current);
}

QString LoadPanel::currentProfile() const
{
    return m_profileBox->currentText();
}

void LoadPanel::saveProfile()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save load profile"), tr("Profile name:"), QLineEdit::Normal,
                                               currentProfile(), &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    m_profiles.insert(name, toJson());
    setProfiles(m_profiles, name);
    Q_EMIT profilesChanged(m_profiles);
}

void LoadPanel::deleteProfile()
{
    m_profiles.remove(currentProfile());
    setProfiles(m_profiles, QString());
    Q_EMIT profilesChanged(m_profiles);
}

void LoadPanel::updateEnabled()
{
    const bool editable = !m_running;
    const bool echo = scenario() == QLatin1String("echo");
    const bool broadcast = scenario() == QLatin1String("broadcast");
    const QList<QWidget *> fields{m_target, m_scenario, m_connections, m_ramp, m_threads, m_churn, m_size, m_binary,
                                  m_insecure, m_duration, m_thresholds, m_profileBox, m_publishers, m_publishRate};
    for (QWidget *w : fields)
        w->setEnabled(editable);
    m_reconnect->setEditable(editable);
    m_agents->setEditable(editable);
    m_closedLoop->setEnabled(editable && echo);
    m_openLoop->setEnabled(editable && echo);
    m_window->setEnabled(editable && echo && m_closedLoop->isChecked());
    m_rate->setEnabled(editable && echo && m_openLoop->isChecked());
    // Idle has no pacing; broadcast paces by its publishers.
    for (QWidget *w : std::as_const(m_echoOnly))
        w->setVisible(!broadcast);
    for (QWidget *w : std::as_const(m_broadcastOnly))
        w->setVisible(broadcast);
    for (QWidget *w : std::as_const(m_builtInOnly))
        w->setVisible(!isScenarioFile());
    for (QWidget *w : std::as_const(m_fileOnly))
        w->setVisible(isScenarioFile());
    m_start->setEnabled(!m_running && (!isScenarioFile() || m_scenarioProblem.isEmpty()));
}

bool LoadPanel::isScenarioFile() const
{
    return scenario() == QLatin1String("file");
}

void LoadPanel::useScenarioFile()
{
    m_scenario->setCurrentIndex(m_scenario->findData(QStringLiteral("file")));
}

void LoadPanel::setScenarioFile(const QString &path, const QString &problem)
{
    m_scenarioPath = path;
    m_scenarioProblem = problem;
    m_scenarioFileName->setText(path.isEmpty() ? tr("the Scenario tab's text (not saved)") : QFileInfo(path).fileName());
    m_scenarioFileName->setToolTip(path);
    showScenarioProblem();
    updateEnabled();
}

void LoadPanel::showScenarioProblem()
{
    // The whole message is under the editor; the narrow panel only says where to look.
    m_problem->setText(isScenarioFile() && !m_scenarioProblem.isEmpty() ? tr("The scenario has an error: see the Scenario tab.") : QString());
    m_problem->setToolTip(isScenarioFile() ? m_scenarioProblem : QString());
}

void LoadPanel::chooseScenarioFile()
{
    const QString start = m_scenarioPath.isEmpty() ? QString() : QFileInfo(m_scenarioPath).path();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario file"), start,
                                                      tr("Scenario files (*.yaml *.yml *.json);;All files (*)"));
    if (!path.isEmpty())
        Q_EMIT scenarioFileChosen(path);
}
