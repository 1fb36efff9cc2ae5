#pragma once

#include <QByteArray>

// Builds Prometheus text exposition (format 0.0.4): the server's /metrics and the load agent's
// --metrics-listen both write through it.
class PrometheusWriter
{
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    }
    void value(const char *name, double v, const QByteArray &labels = QByteArray())
    {
        m_out += name;
        if (!labels.isEmpty())
            m_out += '{' + labels + '}';
        m_out += ' ' + QByteArray::number(v, 'g', 17) + '\n';
    }
    void single(const char *name, const char *type, const char *help, double v)
    {
        family(name, type, help);
        value(name, v);
    }
    static QByteArray label(const char *key, const QByteArray &value) { return QByteArray(key) + "=\"" + value + '"'; }
    QByteArray take() { return m_out; }

private:
    QByteArray m_out;
};
