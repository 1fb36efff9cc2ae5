#include "loadpanel.h"

#include "formfields.h"

#include <threshold.h>

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace {

QStringList thresholdTexts(const QString &field)
{
    QStringList texts;
    for (const QString &part : field.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            texts << part.trimmed();
    }
    return texts;
}

} // namespace

LoadPanel::LoadPanel(QWidget *parent)
    : QWidget(parent)
    , m_target(new QLineEdit)
    , m_scenario(new QComboBox)
    , m_connections(makeSpinBox(1, 1000000, 1000))
    , m_ramp(makeSpinBox(0, 1000000, 500, tr("all at once")))
    , m_threads(makeSpinBox(0, 256, 0, tr("one per core")))
    , m_closedLoop(new QRadioButton(tr("Window")))
    , m_openLoop(new QRadioButton(tr("Rate")))
    , m_window(makeSpinBox(1, 1000, 1))
    , m_rate(makeSpinBox(1, 10000000, 10000))
    , m_publishers(makeSpinBox(1, 100000, 1))
    , m_churn(makeSpinBox(0, 100000, 0, tr("off")))
    , m_size(makeSpinBox(40, 16 * 1024 * 1024, 64))
    , m_binary(new QCheckBox(tr("Binary frames")))
    , m_insecure(new QCheckBox(tr("Accept any TLS certificate")))
    , m_duration(makeDoubleSpinBox(1, 24 * 3600, 30, QStringLiteral(" s")))
    , m_thresholds(new QLineEdit)
    , m_profileBox(new QComboBox)
    , m_start(new QPushButton(tr("Start load")))
    , m_stop(new QPushButton(tr("Stop")))
    , m_problem(new QLabel)
{
    m_start->setObjectName(QStringLiteral("startLoadButton"));
    m_stop->setObjectName(QStringLiteral("stopLoadButton"));
    m_problem->setObjectName(QStringLiteral("loadProblemLabel"));
    m_scenario->addItem(tr("echo (round trip)"), QStringLiteral("echo"));
    m_scenario->addItem(tr("broadcast (fan-out)"), QStringLiteral("broadcast"));
    m_scenario->addItem(tr("idle (hold + ping)"), QStringLiteral("idle"));
    m_closedLoop->setChecked(true);
    auto *pacingGroup = new QButtonGroup(this);
    pacingGroup->addButton(m_closedLoop);
    pacingGroup->addButton(m_openLoop);
    m_ramp->setSuffix(tr(" /s"));
    m_rate->setSuffix(tr(" msg/s"));
    m_churn->setSuffix(tr(" /s"));
    m_size->setSuffix(tr(" bytes"));
    m_window->setToolTip(tr("Closed loop: messages in flight per connection; the next is sent when one returns"));
    m_rate->setToolTip(tr("Open loop: messages per second in total (echo) or publishes per second (broadcast); "
                          "latency counts from each message's scheduled time, so a stalled server cannot hide"));
    m_churn->setToolTip(tr("Connections closed and reopened per second, on top of the scenario"));
    m_target->setClearButtonEnabled(true);
    m_thresholds->setPlaceholderText(QStringLiteral("p99<50ms, errors<0.1%"));
    m_thresholds->setToolTip(tr("Comma-separated pass/fail bounds: p50/p90/p99/p999/max<N ms, errors<N%, "
                                "connections>=N, rate>=N"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c0392b"));

    auto *pacing = new QHBoxLayout;
    pacing->addWidget(m_closedLoop);
    pacing->addWidget(m_window);
    pacing->addWidget(m_openLoop);
    pacing->addWidget(m_rate, 1);
    auto *payload = new QHBoxLayout;
    payload->addWidget(m_size, 1);
    payload->addWidget(m_binary);
    auto *form = new QFormLayout;
    form->addRow(tr("Target"), m_target);
    form->addRow(tr("Scenario"), m_scenario);
    form->addRow(tr("Connections"), m_connections);
    form->addRow(tr("Ramp"), m_ramp);
    form->addRow(tr("Threads"), m_threads);
    form->addRow(tr("Pacing"), pacing);
    form->addRow(tr("Publishers"), m_publishers);
    form->addRow(tr("Churn"), m_churn);
    form->addRow(tr("Payload"), payload);
    form->addRow(QString(), m_insecure);
    form->addRow(tr("Duration"), m_duration);
    form->addRow(tr("Thresholds"), m_thresholds);

    auto *profileRow = new QHBoxLayout;
    auto *saveProfileButton = new QPushButton(tr("Save…"));
    auto *deleteProfileButton = new QPushButton(tr("Delete"));
    profileRow->addWidget(m_profileBox, 1);
    profileRow->addWidget(saveProfileButton);
    profileRow->addWidget(deleteProfileButton);
    form->insertRow(0, tr("Profile"), profileRow);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_problem);
    layout->addStretch(1);

    connect(m_start, &QPushButton::clicked, this, [this] {
        m_problem->setText(validationError());
        if (m_problem->text().isEmpty())
            Q_EMIT startRequested();
    });
    connect(m_stop, &QPushButton::clicked, this, &LoadPanel::stopRequested);
    connect(m_scenario, &QComboBox::currentIndexChanged, this, &LoadPanel::updateEnabled);
    connect(m_openLoop, &QRadioButton::toggled, this, &LoadPanel::updateEnabled);
    connect(m_binary, &QCheckBox::toggled, this, [this](bool binary) { m_size->setMinimum(binary ? 20 : 40); });
    connect(saveProfileButton, &QPushButton::clicked, this, &LoadPanel::saveProfile);
    connect(deleteProfileButton, &QPushButton::clicked, this, &LoadPanel::deleteProfile);
    connect(m_profileBox, &QComboBox::textActivated, this, [this](const QString &name) {
        if (m_profiles.contains(name))
            fromJson(m_profiles.value(name).toObject());
    });
    updateEnabled();
    setRunning(false);
}

QString LoadPanel::scenario() const
{
    return m_scenario->currentData().toString();
}

QString LoadPanel::target() const
{
    return m_target->text().trimmed();
}

QString LoadPanel::validationError() const
{
    const QString url = target();
    if (!url.isEmpty() && !url.startsWith(QLatin1String("ws://")) && !url.startsWith(QLatin1String("wss://")))
        return tr("The target must be a ws:// or wss:// URL.");
    for (const QString &text : thresholdTexts(m_thresholds->text())) {
        QString error;
        if (!Threshold::parse(text, &error))
            return tr("Threshold \"%1\": %2").arg(text, error);
    }
    return {};
}

QStringList LoadPanel::arguments(const QString &defaultTarget) const
{
    QStringList args{target().isEmpty() ? defaultTarget : target(),
                     QStringLiteral("--scenario"), scenario(),
                     QStringLiteral("--connections"), QString::number(m_connections->value()),
                     QStringLiteral("--ramp"), QString::number(m_ramp->value()),
                     QStringLiteral("--size"), QString::number(m_size->value()),
                     QStringLiteral("--duration"), QString::number(m_duration->value())};
    if (m_threads->value() > 0)
        args << QStringLiteral("--threads") << QString::number(m_threads->value());
    if (scenario() != QLatin1String("idle")) {
        if (m_openLoop->isChecked() || scenario() == QLatin1String("broadcast"))
            args << QStringLiteral("--rate") << QString::number(m_rate->value());
        else
            args << QStringLiteral("--window") << QString::number(m_window->value());
    }
    if (scenario() == QLatin1String("broadcast"))
        args << QStringLiteral("--publishers") << QString::number(m_publishers->value());
    if (m_churn->value() > 0)
        args << QStringLiteral("--churn") << QString::number(m_churn->value());
    if (m_binary->isChecked())
        args << QStringLiteral("--binary");
    if (m_insecure->isChecked())
        args << QStringLiteral("--insecure");
    for (const QString &text : thresholdTexts(m_thresholds->text()))
        args << QStringLiteral("--threshold") << text;
    return args;
}

QJsonObject LoadPanel::toJson() const
{
    return {{QStringLiteral("target"), target()},
            {QStringLiteral("scenario"), scenario()},
            {QStringLiteral("connections"), m_connections->value()},
            {QStringLiteral("rampPerSec"), m_ramp->value()},
            {QStringLiteral("threads"), m_threads->value()},
            {QStringLiteral("openLoop"), m_openLoop->isChecked()},
            {QStringLiteral("window"), m_window->value()},
            {QStringLiteral("ratePerSec"), m_rate->value()},
            {QStringLiteral("publishers"), m_publishers->value()},
            {QStringLiteral("churnPerSec"), m_churn->value()},
            {QStringLiteral("sizeBytes"), m_size->value()},
            {QStringLiteral("binary"), m_binary->isChecked()},
            {QStringLiteral("insecureTls"), m_insecure->isChecked()},
            {QStringLiteral("durationSec"), m_duration->value()},
            {QStringLiteral("thresholds"), m_thresholds->text()}};
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
    integer("ratePerSec", m_rate);
    integer("publishers", m_publishers);
    integer("churnPerSec", m_churn);
    m_binary->setChecked(json.value(QLatin1String("binary")).toBool());
    integer("sizeBytes", m_size);
    m_insecure->setChecked(json.value(QLatin1String("insecureTls")).toBool());
    m_duration->setValue(json.value(QLatin1String("durationSec")).toDouble(m_duration->value()));
    m_thresholds->setText(json.value(QLatin1String("thresholds")).toString());
    updateEnabled();
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
    const bool idle = scenario() == QLatin1String("idle");
    const bool broadcast = scenario() == QLatin1String("broadcast");
    const QList<QWidget *> fields{m_target, m_scenario, m_connections, m_ramp, m_threads, m_churn, m_size,
                                  m_binary, m_insecure, m_duration, m_thresholds, m_profileBox};
    for (QWidget *w : fields)
        w->setEnabled(editable);
    m_closedLoop->setEnabled(editable && !idle && !broadcast);
    m_openLoop->setEnabled(editable && !idle && !broadcast);
    m_window->setEnabled(editable && !idle && !broadcast && m_closedLoop->isChecked());
    m_rate->setEnabled(editable && !idle && (broadcast || m_openLoop->isChecked()));
    m_publishers->setEnabled(editable && broadcast);
}
