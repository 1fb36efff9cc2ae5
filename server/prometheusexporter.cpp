#include "prometheusexporter.h"

#include <prometheuswriter.h>

QByteArray PrometheusExporter::render(const ServerTotals &t, const ProcessSnapshot &process, const std::optional<BusTotals> &bus)
{
    PrometheusWriter w;
    auto label = &PrometheusWriter::label;
    w.single("socketscope_connections", "gauge", "Open WebSocket connections.", t.connections);
    w.family("socketscope_worker_connections", "gauge", "Open connections per worker thread.");
    for (int i = 0; i < t.connectionsPerWorker.size(); ++i)
        w.value("socketscope_worker_connections", t.connectionsPerWorker[i], label("worker", QByteArray::number(i)));
    w.single("socketscope_connecting", "gauge", "Accepted sockets whose handshake is not done.", t.connecting);
    w.single("socketscope_broadcast_subscribers", "gauge", "Connections on /broadcast.", t.subscribers);
    w.single("socketscope_connections_accepted_total", "counter", "TCP connections accepted.", t.accepted);
    w.family("socketscope_connections_refused_total", "counter", "Connections refused, by reason.");
    for (int r = 0; r < int(Refusal::Count); ++r)
        w.value("socketscope_connections_refused_total", t.refused[r], label("reason", refusalName(Refusal(r)).toLatin1()));
    w.single("socketscope_messages_received_total", "counter", "WebSocket messages received.", t.messagesReceived);
    w.single("socketscope_messages_sent_total", "counter", "WebSocket messages sent (echo replies and broadcast deliveries).", t.messagesSent);
    w.single("socketscope_bytes_received_total", "counter", "Payload bytes received.", t.bytesReceived);
    w.single("socketscope_bytes_sent_total", "counter", "Payload bytes sent.", t.bytesSent);
    w.single("socketscope_heartbeat_timeouts_total", "counter", "Connections dropped for not answering pings.", t.heartbeatTimeouts);
    w.single("socketscope_heartbeat_late_reads_total", "counter",
             "Timeouts not counted: the peer's answer waited unread because its worker was behind.", t.heartbeatLateReads);
    w.single("socketscope_broadcast_drops_total", "counter", "Broadcast deliveries dropped for a slow subscriber.", t.broadcastDrops);
    w.single("socketscope_port_group_left", "gauge", "1 while this member is full and out of its SO_REUSEPORT group.", t.leftPortGroup ? 1 : 0);
    w.single("socketscope_port_group_leaves_total", "counter", "Times this member left its SO_REUSEPORT group at its connection limit.", t.portGroupLeaves);
    w.single("socketscope_http_requests_total", "counter", "Plain HTTP requests served.", t.httpRequests);
    w.family("socketscope_errors_total", "counter", "Errors by kind.");
    const QMap<QString, quint64> errors = t.errorsByKind();
    for (auto it = errors.cbegin(); it != errors.cend(); ++it)
        w.value("socketscope_errors_total", it.value(), label("kind", it.key().toLatin1()));
    w.family("socketscope_close_codes_total", "counter", "Closed connections by RFC 6455 close code (other = outside 1000-1015).");
    for (auto it = t.closeCodes.cbegin(); it != t.closeCodes.cend(); ++it)
        w.value("socketscope_close_codes_total", it.value(), label("code", it.key() ? QByteArray::number(it.key()) : "other"));
    if (bus) {
        w.single("socketscope_bus_up", "gauge", "1 while the broadcast bus is connected and subscribed.", bus->healthy ? 1 : 0);
        w.single("socketscope_bus_published_total", "counter", "Broadcasts relayed to the bus.", bus->published);
        w.single("socketscope_bus_received_total", "counter", "Broadcasts from other processes delivered here.", bus->received);
        w.single("socketscope_bus_own_skipped_total", "counter", "Own broadcasts back from the bus, not delivered twice.", bus->ownSkipped);
        w.single("socketscope_bus_unrelayed_total", "counter", "Broadcasts the other processes never got (bus down, queue full).", bus->unrelayed);
        w.single("socketscope_bus_queue_drops_total", "counter", "Broadcasts turned away by the full outgoing queue.", bus->queueDrops);
        w.single("socketscope_bus_errors_total", "counter", "Bus connection failures, error replies, malformed messages.", bus->errors);
        w.single("socketscope_bus_reconnects_total", "counter", "Attempts to reconnect to the bus.", bus->reconnects);
        w.single("socketscope_bus_queued", "gauge", "Broadcasts handed to the bus, not yet acknowledged.", bus->queued);
    }
    w.single("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", process.rssBytes);
    w.single("process_cpu_seconds_total", "counter", "User and system CPU time in seconds.", process.cpuSeconds);
    w.single("process_open_fds", "gauge", "Open file descriptors.", process.openFds);
    w.single("process_threads", "gauge", "OS threads.", process.threads);
    return w.take();
}
