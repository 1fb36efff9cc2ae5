#include "serverpanel.h"

#include "formfields.h"

#include <QButtonGroup>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace {

double number(const QJsonObject &json, const char *key, double fallback)
{
    return json.value(QLatin1String(key)).toDouble(fallback);
}

} // namespace

ServerPanel::ServerPanel(QWidget *parent)
    : QWidget(parent)
    , m_embedded(new QRadioButton(tr("SocketScope server")))
    , m_attach(new QRadioButton(tr("Attach to a running server")))
    , m_pages(new QStackedWidget)
    , m_listen(new QLineEdit(QStringLiteral("127.0.0.1")))
    , m_port(makeSpinBox(0, 65535, 0, tr("any free port")))
    , m_workers(makeSpinBox(0, 256, 0, tr("one per core")))
    , m_pingInterval(makeDoubleSpinBox(0, 3600, 30, QStringLiteral(" s"), tr("off")))
    , m_pingTimeout(makeDoubleSpinBox(0, 3600, 0, QStringLiteral(" s"), tr("2 × interval")))
    , m_maxConnections(makeSpinBox(1, 1000000, 100000))
    , m_maxMessageKiB(makeSpinBox(1, 1024 * 1024, 1024))
    , m_attachUrl(new QLineEdit)
    , m_attachPid(new QLineEdit)
    , m_attachMetrics(new QLineEdit)
    , m_start(new QPushButton(tr("Start server")))
    , m_stop(new QPushButton(tr("Stop")))
    , m_state(new QLabel)
{
    m_start->setObjectName(QStringLiteral("startServerButton"));
    m_stop->setObjectName(QStringLiteral("stopServerButton"));
    m_embedded->setChecked(true);
    auto *modes = new QButtonGroup(this);
    modes->addButton(m_embedded);
    modes->addButton(m_attach);
    m_maxMessageKiB->setSuffix(tr(" KiB"));
    m_listen->setToolTip(tr("Address to listen on: 127.0.0.1, ::1, or 0.0.0.0 for every interface"));
    m_attachUrl->setPlaceholderText(QStringLiteral("ws://127.0.0.1:8080/ws"));
    m_attachPid->setPlaceholderText(tr("optional: RSS, CPU and threads from /proc"));
    m_attachMetrics->setPlaceholderText(tr("optional: http://host:port/metrics"));

    auto *embeddedPage = new QWidget;
    auto *embeddedForm = new QFormLayout(embeddedPage);
    embeddedForm->addRow(tr("Listen on"), m_listen);
    embeddedForm->addRow(tr("Port"), m_port);
    embeddedForm->addRow(tr("Worker threads"), m_workers);
    embeddedForm->addRow(tr("Ping interval"), m_pingInterval);
    embeddedForm->addRow(tr("Ping timeout"), m_pingTimeout);
    embeddedForm->addRow(tr("Max connections"), m_maxConnections);
    embeddedForm->addRow(tr("Max message"), m_maxMessageKiB);
    auto *attachPage = new QWidget;
    auto *attachForm = new QFormLayout(attachPage);
    attachForm->addRow(tr("URL"), m_attachUrl);
    attachForm->addRow(tr("PID"), m_attachPid);
    attachForm->addRow(tr("/metrics URL"), m_attachMetrics);
    m_pages->addWidget(embeddedPage);
    m_pages->addWidget(attachPage);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    m_start->setToolTip(tr("Start the server (Ctrl+R starts server and load)"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_embedded);
    layout->addWidget(m_attach);
    layout->addWidget(m_pages);
    layout->addLayout(buttons);
    layout->addWidget(m_state);

    connect(m_attach, &QRadioButton::toggled, this, [this](bool attached) {
        m_pages->setCurrentIndex(attached ? 1 : 0);
        setRunning(m_running);
        Q_EMIT modeChanged(attached);
    });
    connect(m_start, &QPushButton::clicked, this, &ServerPanel::startRequested);
    connect(m_stop, &QPushButton::clicked, this, &ServerPanel::stopRequested);
    m_uptimeTimer.setInterval(1000);
    connect(&m_uptimeTimer, &QTimer::timeout, this, &ServerPanel::updateState);
    setRunning(false);
}

bool ServerPanel::isAttached() const
{
    return m_attach->isChecked();
}

QStringList ServerPanel::arguments() const
{
    QStringList args{QStringLiteral("--listen"), m_listen->text().trimmed(), QStringLiteral("--port"), QString::number(m_port->value()),
                     QStringLiteral("--ping-interval"), QString::number(m_pingInterval->value()),
                     QStringLiteral("--max-connections"), QString::number(m_maxConnections->value()),
                     QStringLiteral("--max-message-bytes"), QString::number(qint64(m_maxMessageKiB->value()) * 1024)};
    if (m_workers->value() > 0)
        args << QStringLiteral("--workers") << QString::number(m_workers->value());
    if (m_pingTimeout->value() > 0)
        args << QStringLiteral("--ping-timeout") << QString::number(m_pingTimeout->value());
    return args;
}

QString ServerPanel::attachedUrl() const
{
    return m_attachUrl->text().trimmed();
}

qint64 ServerPanel::attachedPid() const
{
    return m_attachPid->text().trimmed().toLongLong();
}

QString ServerPanel::attachedMetricsUrl() const
{
    return m_attachMetrics->text().trimmed();
}

QJsonObject ServerPanel::toJson() const
{
    return {{QStringLiteral("mode"), isAttached() ? QStringLiteral("attach") : QStringLiteral("embedded")},
            {QStringLiteral("listen"), m_listen->text().trimmed()},
            {QStringLiteral("port"), m_port->value()},
            {QStringLiteral("workers"), m_workers->value()},
            {QStringLiteral("pingIntervalSec"), m_pingInterval->value()},
            {QStringLiteral("pingTimeoutSec"), m_pingTimeout->value()},
            {QStringLiteral("maxConnections"), m_maxConnections->value()},
            {QStringLiteral("maxMessageKiB"), m_maxMessageKiB->value()},
            {QStringLiteral("attachUrl"), attachedUrl()},
            {QStringLiteral("attachPid"), m_attachPid->text().trimmed()},
            {QStringLiteral("attachMetricsUrl"), attachedMetricsUrl()}};
}

void ServerPanel::fromJson(const QJsonObject &json)
{
    (json.value(QLatin1String("mode")).toString() == QLatin1String("attach") ? m_attach : m_embedded)->setChecked(true);
    m_listen->setText(json.value(QLatin1String("listen")).toString(m_listen->text()));
    m_port->setValue(json.value(QLatin1String("port")).toInt(m_port->value()));
    m_workers->setValue(json.value(QLatin1String("workers")).toInt(m_workers->value()));
    m_pingInterval->setValue(number(json, "pingIntervalSec", m_pingInterval->value()));
    m_pingTimeout->setValue(number(json, "pingTimeoutSec", m_pingTimeout->value()));
    m_maxConnections->setValue(json.value(QLatin1String("maxConnections")).toInt(m_maxConnections->value()));
    m_maxMessageKiB->setValue(json.value(QLatin1String("maxMessageKiB")).toInt(m_maxMessageKiB->value()));
    m_attachUrl->setText(json.value(QLatin1String("attachUrl")).toString());
    m_attachPid->setText(json.value(QLatin1String("attachPid")).toString());
    m_attachMetrics->setText(json.value(QLatin1String("attachMetricsUrl")).toString());
}

void ServerPanel::setRunning(bool running)
{
    if (running && !m_running)
        m_uptime.start();
    if (!running)
        m_listeningUrl.clear();
    m_running = running;
    m_start->setEnabled(!running && !isAttached());
    m_stop->setEnabled(running);
    m_embedded->setEnabled(!running);
    m_attach->setEnabled(!running);
    m_pages->widget(0)->setEnabled(!running);
    running ? m_uptimeTimer.start() : m_uptimeTimer.stop();
    updateState();
}

void ServerPanel::setListening(const QString &url)
{
    m_listeningUrl = url;
    updateState();
}

void ServerPanel::updateState()
{
    if (isAttached() && !m_running) {
        m_state->setText(tr("Load goes to the URL above; start it in the Load panel."));
        return;
    }
    if (!m_running) {
        m_state->setText(tr("Stopped"));
        return;
    }
    const qint64 seconds = m_uptime.elapsed() / 1000;
    const QString uptime = QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    m_state->setText(m_listeningUrl.isEmpty() ? tr("Starting… (%1)").arg(uptime)
                                              : tr("Listening on %1, up %2").arg(m_listeningUrl, uptime));
}
