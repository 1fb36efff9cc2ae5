#include "loadmetricsexporter.h"

#include <prometheuswriter.h>

const QVector<double> &LoadMetricsExporter::bucketBoundsSec()
{
    static const QVector<double> bounds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                        0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
    return bounds;
}

void LoadMetricsExporter::add(const MetricSample &sample)
{
    m_latest = sample;
    m_latency.merge(sample.latencyHistogram);
}

QByteArray LoadMetricsExporter::render() const
{
    const MetricSample &s = m_latest;
    PrometheusWriter w;
    w.single("socketscope_load_connections", "gauge", "Open connections of this agent.", s.connections);
    w.single("socketscope_load_connecting", "gauge", "Handshakes in progress.", s.connecting);
    w.single("socketscope_load_connections_failed_total", "counter", "Connects or handshakes that failed.", s.connectionsFailed);
    w.single("socketscope_load_messages_sent_total", "counter", "Messages sent.", s.messagesSent);
    w.single("socketscope_load_messages_received_total", "counter", "Messages received.", s.messagesReceived);
    w.single("socketscope_load_bytes_sent_total", "counter", "Payload bytes sent.", s.bytesSent);
    w.single("socketscope_load_bytes_received_total", "counter", "Payload bytes received.", s.bytesReceived);
    w.family("socketscope_load_errors_total", "counter", "Errors by kind (lost, duplicate_or_reordered, connect_*, ...).");
    for (auto it = s.errors.cbegin(); it != s.errors.cend(); ++it)
        w.value("socketscope_load_errors_total", double(it.value()), PrometheusWriter::label("kind", it.key().toLatin1()));
    w.family("socketscope_load_close_codes_total", "counter", "Closed connections by RFC 6455 close code.");
    for (auto it = s.closeCodes.cbegin(); it != s.closeCodes.cend(); ++it)
        w.value("socketscope_load_close_codes_total", double(it.value()), PrometheusWriter::label("code", QByteArray::number(it.key())));
    w.family("socketscope_load_latency_seconds", "histogram",
             "Message latency (echo round trip or publish to delivery); _sum from bucket midpoints.");
    for (double le : bucketBoundsSec())
        w.value("socketscope_load_latency_seconds_bucket", double(m_latency.countAtOrBelow(qint64(le * 1e9))),
                PrometheusWriter::label("le", QByteArray::number(le, 'g', 6)));
    w.value("socketscope_load_latency_seconds_bucket", double(m_latency.count()), PrometheusWriter::label("le", "+Inf"));
    w.value("socketscope_load_latency_seconds_sum", m_latency.approximateSumNs() / 1e9);
    w.value("socketscope_load_latency_seconds_count", double(m_latency.count()));
    if (s.process.valid) {
        w.single("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", double(s.process.rssBytes));
        w.single("process_cpu_seconds_total", "counter", "User and system CPU time in seconds.", s.process.cpuSeconds);
    }
    return w.take();
}
