#pragma once

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QSpinBox;

// The load's reconnect option: after a server close (1001, 1006, 1011, 1012, 1013) or a failed
// connect, each connection tries again up to N times with exponential backoff and jitter between
// MIN and MAX (socketscope-load --reconnect). One row of the load panel.
class ReconnectFields : public QWidget
{
    Q_OBJECT
public:
    explicit ReconnectFields(QWidget *parent = nullptr);

    bool isOn() const;
    QStringList arguments() const; // empty when off
    QString validationError() const;

    // Keys of the load panel's JSON (reconnect, reconnectRetries, reconnectBackoffMinSec/MaxSec).
    void addTo(QJsonObject *json) const;
    void fromJson(const QJsonObject &json);
    void setEditable(bool editable);

private:
    void updateEnabled();

    QCheckBox *m_on;
    QSpinBox *m_retries;
    QDoubleSpinBox *m_backoffMin;
    QDoubleSpinBox *m_backoffMax;
    bool m_editable = true;
};
