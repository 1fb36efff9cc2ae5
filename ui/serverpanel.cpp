#include "serverpanel.h"

#include "formfields.h"

#include <QButtonGroup>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QUrl>
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
    , m_attach(new QRadioButton(tr("Attach to a server")))
    , m_pages(new QStackedWidget)
    , m_listen(new QLineEdit(QStringLiteral("127.0.0.1")))
    , m_port(makeSpinBox(0, 65535, 0, tr("any free")))
    , m_workers(makeSpinBox(0, 256, 0, tr("per core")))
    , m_processes(makeSpinBox(1, 64, 1))
    , m_pingInterval(makeDoubleSpinBox(0, 3600, 30, QStringLiteral(" s"), tr("off")))
    , m_pingTimeout(makeDoubleSpinBox(0, 3600, 0, QStringLiteral(" s"), tr("2 × ping")))
    , m_maxConnections(makeSpinBox(1, 1000000, 100000))
    , m_maxMessageKiB(makeSpinBox(1, 1024 * 1024, 1024))
    , m_attachUrl(new QLineEdit)
    , m_attachPid(new QLineEdit)
    , m_attachMetrics(new QLineEdit)
    , m_attachSeries(new QLineEdit)
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
    m_embedded->setToolTip(tr("Start socketscope-server as a child process with the settings below"));
    m_attach->setToolTip(tr("Load a server that is already running (any WebSocket server) and watch it"));
    m_pages->addWidget(embeddedPage());
    m_pages->addWidget(attachPage());

    auto *radios = new QHBoxLayout;
    radios->addWidget(m_embedded);
    radios->addWidget(m_attach);
    radios->addStretch(1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    m_start->setToolTip(tr("Start only the server (Ctrl+R starts server and load)"));
    m_stop->setToolTip(tr("Stop the server: it closes every connection with 1001 and exits"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(radios);
    layout->addWidget(m_pages);
    layout->addLayout(buttons);
    layout->addWidget(m_state);

    connect(m_attach, &QRadioButton::toggled, this, [this](bool attached) {
        m_pages->setCurrentIndex(attached ? 1 : 0);
        setRunning(m_running);
        Q_EMIT modeChanged(attached);
    });
    connect(m_attachUrl, &QLineEdit::textChanged, this, [this] { Q_EMIT modeChanged(isAttached()); });
    connect(m_start, &QPushButton::clicked, this, &ServerPanel::startRequested);
    connect(m_stop, &QPushButton::clicked, this, &ServerPanel::stopRequested);
    m_uptimeTimer.setInterval(1000);
    connect(&m_uptimeTimer, &QTimer::timeout, this, &ServerPanel::updateState);
    setRunning(false);
}

QWidget *ServerPanel::embeddedPage()
{
    m_listen->setToolTip(tr("Address to listen on: 127.0.0.1, ::1, or 0.0.0.0 for every interface"));
    m_port->setToolTip(tr("TCP port; \"any free\" lets the system choose (the console reads where it listens)"));
    m_workers->setToolTip(tr("Worker threads, each with its own event loop (--workers)"));
    m_processes->setObjectName(QStringLiteral("serverProcessesBox"));
    m_processes->setToolTip(tr("Server processes on one port (--reuseport: the kernel spreads connections over them); "
                               "more than one shares broadcasts over a redis-server the console starts"));
    m_pingInterval->setToolTip(tr("The server pings each connection this often; off disables heartbeats"));
    m_pingTimeout->setToolTip(tr("Silence after which a connection is closed with 1001 (heartbeat timeout)"));
    m_maxConnections->setToolTip(tr("Beyond this, upgrades get HTTP 503"));
    m_maxMessageKiB->setToolTip(tr("Larger messages are closed with 1009"));
    m_maxMessageKiB->setSuffix(tr(" KiB"));
    auto *page = new QWidget;
    auto *grid = new QGridLayout(page);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setVerticalSpacing(3);
    const QList<QPair<QString, QWidget *>> fields{{tr("Listen"), m_listen},       {tr("Port"), m_port},
                                                  {tr("Workers"), m_workers},     {tr("Max conns"), m_maxConnections},
                                                  {tr("Ping"), m_pingInterval},   {tr("Timeout"), m_pingTimeout},
                                                  {tr("Max msg"), m_maxMessageKiB}, {tr("Processes"), m_processes}};
    for (int i = 0; i < fields.size(); ++i) {
        auto *label = new QLabel(fields.at(i).first);
        label->setBuddy(fields.at(i).second);
        grid->addWidget(label, i / 2, (i % 2) * 2);
        grid->addWidget(fields.at(i).second, i / 2, (i % 2) * 2 + 1);
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    return page;
}

QWidget *ServerPanel::attachPage()
{
    m_attachUrl->setPlaceholderText(QStringLiteral("ws://127.0.0.1:8080/ws"));
    m_attachUrl->setToolTip(tr("The WebSocket URL the load connects to"));
    m_attachPid->setPlaceholderText(tr("optional: RSS, CPU, threads, files"));
    m_attachPid->setToolTip(tr("The server's process ID on this machine: its RSS, CPU, threads and open files "
                               "are read from /proc each second"));
    m_attachMetrics->setPlaceholderText(tr("optional: http://host:port/metrics"));
    m_attachMetrics->setToolTip(tr("A Prometheus endpoint scraped each second: the server's own message rate, "
                                   "connections and close codes"));
    m_attachSeries->setPlaceholderText(tr("by name: messages, connections, closes"));
    m_attachSeries->setToolTip(tr("Comma-separated /metrics series to chart (counters ending in _total as rates). "
                                  "Empty: SocketScope's own names, or whatever is named like messages, "
                                  "connections and close codes"));
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    form->setVerticalSpacing(3);
    form->addRow(tr("URL"), m_attachUrl);
    form->addRow(tr("PID"), m_attachPid);
    form->addRow(tr("/metrics"), m_attachMetrics);
    form->addRow(tr("Series"), m_attachSeries);
    return page;
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

int ServerPanel::processes() const
{
    return isAttached() ? 1 : m_processes->value();
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

QString ServerPanel::validationError() const
{
    if (!isAttached()) {
        if (QHostAddress(m_listen->text().trimmed()).isNull())
            return tr("Listen on: \"%1\" is not an IP address (127.0.0.1, ::1, 0.0.0.0).").arg(m_listen->text().trimmed());
        if (m_pingTimeout->value() > 0 && m_pingInterval->value() > 0 && m_pingTimeout->value() <= m_pingInterval->value())
            return tr("Ping timeout must be longer than the ping interval, or 2 × ping.");
        if (m_processes->value() > 1 && QStandardPaths::findExecutable(QStringLiteral("redis-server")).isEmpty())
            return tr("Processes: more than one needs redis-server on PATH for their broadcasts (Debian: redis-server).");
        return {};
    }
    const QUrl url(attachedUrl());
    if (!url.isValid() || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")) || url.host().isEmpty())
        return tr("Attach: the URL must be ws://host:port/path or wss://…");
    const QString pid = m_attachPid->text().trimmed();
    if (!pid.isEmpty() && (attachedPid() <= 0 || !QFileInfo::exists(QStringLiteral("/proc/%1").arg(attachedPid()))))
        return tr("Attach: no process with PID \"%1\" on this machine.").arg(pid);
    const QUrl metrics(attachedMetricsUrl());
    if (!attachedMetricsUrl().isEmpty() && (!metrics.isValid() || !metrics.scheme().startsWith(QLatin1String("http")) || metrics.host().isEmpty()))
        return tr("Attach: the /metrics URL must be http:// or https://.");
    return {};
}

QJsonObject ServerPanel::toJson() const
{
    return {{QStringLiteral("mode"), isAttached() ? QStringLiteral("attach") : QStringLiteral("embedded")},
            {QStringLiteral("listen"), m_listen->text().trimmed()},
            {QStringLiteral("port"), m_port->value()},
            {QStringLiteral("workers"), m_workers->value()},
            {QStringLiteral("processes"), m_processes->value()},
            {QStringLiteral("pingIntervalSec"), m_pingInterval->value()},
            {QStringLiteral("pingTimeoutSec"), m_pingTimeout->value()},
            {QStringLiteral("maxConnections"), m_maxConnections->value()},
            {QStringLiteral("maxMessageKiB"), m_maxMessageKiB->value()},
            {QStringLiteral("attachUrl"), attachedUrl()},
            {QStringLiteral("attachPid"), m_attachPid->text().trimmed()},
            {QStringLiteral("attachMetricsUrl"), attachedMetricsUrl()},
            {QStringLiteral("attachSeries"), m_attachSeries->text().trimmed()}};
}

void ServerPanel::fromJson(const QJsonObject &json)
{
    (json.value(QLatin1String("mode")).toString() == QLatin1String("attach") ? m_attach : m_embedded)->setChecked(true);
    m_listen->setText(json.value(QLatin1String("listen")).toString(m_listen->text()));
    m_port->setValue(json.value(QLatin1String("port")).toInt(m_port->value()));
    m_workers->setValue(json.value(QLatin1String("workers")).toInt(m_workers->value()));
    m_processes->setValue(json.value(QLatin1String("processes")).toInt(m_processes->value()));
    m_pingInterval->setValue(number(json, "pingIntervalSec", m_pingInterval->value()));
    m_pingTimeout->setValue(number(json, "pingTimeoutSec", m_pingTimeout->value()));
    m_maxConnections->setValue(json.value(QLatin1String("maxConnections")).toInt(m_maxConnections->value()));
    m_maxMessageKiB->setValue(json.value(QLatin1String("maxMessageKiB")).toInt(m_maxMessageKiB->value()));
    m_attachUrl->setText(json.value(QLatin1String("attachUrl")).toString());
    m_attachPid->setText(json.value(QLatin1String("attachPid")).toString());
    m_attachMetrics->setText(json.value(QLatin1String("attachMetricsUrl")).toString());
    m_attachSeries->setText(json.value(QLatin1String("attachSeries")).toString());
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
        m_state->setText(tr("The load goes to the URL above; Start (Ctrl+R) runs it."));
        return;
    }
    if (!m_running) {
        m_state->setText(tr("Stopped"));
        return;
    }
    const qint64 seconds = m_uptime.elapsed() / 1000;
    const QString uptime = QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    const QString group = m_processes->value() > 1 ? tr("%1 processes listening").arg(m_processes->value()) : tr("Listening");
    m_state->setText(m_listeningUrl.isEmpty() ? tr("Starting… (%1)").arg(uptime)
                                              : tr("%1 on %2, up %3").arg(group, m_listeningUrl, uptime));
}
