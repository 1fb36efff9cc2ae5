#include "reconnectfields.h"

#include "formfields.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>

namespace {

// socketscope-load's own defaults (3 retries, 0.5s..30s), so "on" with nothing changed means the same.
constexpr int kDefaultRetries = 3;
constexpr double kDefaultBackoffMinSec = 0.5;
constexpr double kDefaultBackoffMaxSec = 30;

QString seconds(double value)
{
    return QString::number(value) + QLatin1Char('s');
}

} // namespace

ReconnectFields::ReconnectFields(QWidget *parent)
    : QWidget(parent)
    , m_on(new QCheckBox(tr("Reconnect")))
    , m_retries(makeSpinBox(1, 1000, kDefaultRetries))
    , m_backoffMin(makeDoubleSpinBox(0.1, 3600, kDefaultBackoffMinSec, QStringLiteral(" s")))
    , m_backoffMax(makeDoubleSpinBox(0.1, 3600, kDefaultBackoffMaxSec, QStringLiteral(" s")))
{
    m_on->setObjectName(QStringLiteral("reconnectCheck"));
    m_on->setToolTip(tr("After a server close (1001, 1006, 1011, 1012, 1013) or a failed connect, try again with "
                        "exponential backoff and jitter (--reconnect): what a server restart does to real clients"));
    m_retries->setToolTip(tr("Attempts per drop before a connection gives up (--reconnect-retries)"));
    m_retries->setSuffix(tr(" tries"));
    m_backoffMin->setToolTip(tr("Attempt k waits between half and all of MIN × 2^(k-1), at most MAX (--reconnect-backoff)"));
    m_backoffMax->setToolTip(m_backoffMin->toolTip());
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_on);
    layout->addWidget(m_retries, 1);
    auto *backoff = new QLabel(tr("backoff"));
    backoff->setToolTip(m_backoffMin->toolTip());
    layout->addWidget(backoff);
    layout->addWidget(m_backoffMin, 1);
    layout->addWidget(new QLabel(QStringLiteral("–")));
    layout->addWidget(m_backoffMax, 1);
    connect(m_on, &QCheckBox::toggled, this, &ReconnectFields::updateEnabled);
    updateEnabled();
}

bool ReconnectFields::isOn() const
{
    return m_on->isChecked();
}

QStringList ReconnectFields::arguments() const
{
    if (!isOn())
        return {};
    return {QStringLiteral("--reconnect"), QStringLiteral("--reconnect-retries"), QString::number(m_retries->value()),
            QStringLiteral("--reconnect-backoff"), seconds(m_backoffMin->value()) + QStringLiteral("..") + seconds(m_backoffMax->value())};
}

QString ReconnectFields::validationError() const
{
    if (isOn() && m_backoffMax->value() < m_backoffMin->value())
        return tr("Reconnect backoff: the longest wait (%1 s) is shorter than the first (%2 s).")
            .arg(m_backoffMax->value())
            .arg(m_backoffMin->value());
    return {};
}

void ReconnectFields::addTo(QJsonObject *json) const
{
    json->insert(QStringLiteral("reconnect"), isOn());
    json->insert(QStringLiteral("reconnectRetries"), m_retries->value());
    json->insert(QStringLiteral("reconnectBackoffMinSec"), m_backoffMin->value());
    json->insert(QStringLiteral("reconnectBackoffMaxSec"), m_backoffMax->value());
}

void ReconnectFields::fromJson(const QJsonObject &json)
{
    // A key the JSON lacks keeps the field as it is, like the rest of the load panel.
    m_on->setChecked(json.value(QLatin1String("reconnect")).toBool(isOn()));
    m_retries->setValue(json.value(QLatin1String("reconnectRetries")).toInt(m_retries->value()));
    m_backoffMin->setValue(json.value(QLatin1String("reconnectBackoffMinSec")).toDouble(m_backoffMin->value()));
    m_backoffMax->setValue(json.value(QLatin1String("reconnectBackoffMaxSec")).toDouble(m_backoffMax->value()));
}

void ReconnectFields::setEditable(bool editable)
{
    m_editable = editable;
    updateEnabled();
}

void ReconnectFields::updateEnabled()
{
    m_on->setEnabled(m_editable);
    for (QWidget *w : {static_cast<QWidget *>(m_retries), static_cast<QWidget *>(m_backoffMin), static_cast<QWidget *>(m_backoffMax)})
        w->setEnabled(m_editable && isOn());
}
