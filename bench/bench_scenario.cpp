// Per-message CPU cost of a compiled scenario (render the send, scan and match the reply, record the
// latency, advance) against the built-in echo's stamp codec (encode, decode, record), both without
// sockets, in the same run. Also chat.yaml's say/ack with a tick and a ping handled per say, and
// the same over 10,000 runs sharing one thread's context. Not a test: run it by hand.
//   build/bin/bench_scenario [resources/scenarios]
#include <latencyhistogram.h>
#include <messagecodec.h>
#include <scenariorun.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

namespace {

constexpr int kMessages = 400000;
constexpr int kRounds = 5;

// Keeps the last message, as a socket's write buffer would take a copy.
struct LastMessage : ScenarioSink
{
    void sendMessage(QByteArrayView bytes, bool) override
    {
        last.resize(bytes.size());
        std::copy(bytes.begin(), bytes.end(), last.begin());
        ++sent;
    }
    void closeConnection(quint16) override {}
    QByteArray last;
    quint64 sent = 0;
};

// This thread's CPU time: what the message handling costs, whatever else the machine runs.
qint64 cpuNs()
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// One clock reading per message in every case: a reply's arrival is the next message's send time.
double codecNsPerMessage()
{
    LatencyHistogram histogram;
    QElapsedTimer clock;
    clock.start();
    const qint64 cpu = cpuNs();
    qint64 sentNs = clock.nsecsElapsed();
    QByteArray message = MessageCodec::blank(false, 64);
    for (int i = 0; i < kMessages; ++i) {
        MessageCodec::stamp(MessageStamp{7, quint64(i), sentNs}, false, message.data());
        MessageStamp back;
        sentNs = clock.nsecsElapsed();
        if (MessageCodec::decode(true, message.constData(), message.size(), &back))
            histogram.record(sentNs - back.sentNs);
    }
    return double(cpuNs() - cpu) / kMessages;
}

// The scenario's text, edited, in a temporary folder with a copy of its CSV.
std::optional<ScenarioProgram> load(const QString &dir, const QString &name, const QList<QPair<QByteArray, QByteArray>> &edits = {})
{
    QFile original(dir + QLatin1Char('/') + name), users(dir + QStringLiteral("/users.csv"));
    QTemporaryDir temp;
    QFile copy(temp.filePath(name)), usersCopy(temp.filePath(QStringLiteral("users.csv")));
    if (!original.open(QIODevice::ReadOnly) || !users.open(QIODevice::ReadOnly) || !copy.open(QIODevice::WriteOnly)
        || !usersCopy.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "cannot read %s or its users.csv\n", qPrintable(original.fileName()));
        return std::nullopt;
    }
    QByteArray text = original.readAll();
    for (const auto &[from, to] : edits) {
        if (!text.contains(from)) {
            std::fprintf(stderr, "%s no longer contains \"%s\"\n", qPrintable(name), from.constData());
            return std::nullopt;
        }
        text.replace(from, to);
    }
    copy.write(text);
    usersCopy.write(users.readAll());
    copy.close();
    usersCopy.close();
    QString error;
    const auto file = ScenarioFile::load(copy.fileName(), &error);
    auto program = file ? ScenarioProgram::compile(*file, "ws://127.0.0.1:1/chat", ScenarioProgram::processEnvironment, &error)
                        : std::nullopt;
    if (!program)
        std::fprintf(stderr, "%s\n", qPrintable(error));
    return program;
}

// echo.yaml: what the run sent comes straight back.
double echoNsPerMessage(const ScenarioProgram &program)
{
    ScenarioContext context(program, 1);
    LastMessage sink;
    ScenarioRun run(&context, &sink, 0);
    QElapsedTimer t;
    t.start();
    const qint64 cpu = cpuNs();
    run.start(t.nsecsElapsed());
    for (int i = 0; i < kMessages; ++i)
        run.onMessage(sink.last.constData(), size_t(sink.last.size()), true, t.nsecsElapsed());
    const double ns = double(cpuNs() - cpu) / kMessages;
    if (context.metrics().matched(0) != quint64(kMessages))
        std::fprintf(stderr, "echo.yaml matched %llu of %d\n", static_cast<unsigned long long>(context.metrics().matched(0)), kMessages);
    return ns;
}

// chat.yaml without think time: per say, its ack, a tick (count + push latency) and a ping (pong).
// Received frames are prepared before timing, so only the client's side is measured.
double chatNsPerMessage(const ScenarioProgram &program, int runs)
{
    ScenarioContext context(program, 1);
    std::vector<LastMessage> sinks(static_cast<size_t>(runs));
    std::vector<std::unique_ptr<ScenarioRun>> all;
    const int rounds = kMessages / 3 / runs + 1;
    QByteArrayList acks;
    for (int seq = 2; seq < rounds + 2; ++seq)
        acks << QByteArrayLiteral(R"({"type":"ack","id":)") + QByteArray::number(seq) + '}';
    const QByteArray welcome = R"({"type":"welcome","user":"alice"})", joined = R"({"type":"joined","room":"lobby"})";
    const QByteArray tick = R"({"type":"tick","ts":)" + QByteArray::number(context.epochMs(ScenarioContext::steadyNowNs())) + '}';
    const QByteArray ping = R"({"type":"ping","n":12345})";
    for (int r = 0; r < runs; ++r) {
        all.push_back(std::make_unique<ScenarioRun>(&context, &sinks[size_t(r)], r));
        all.back()->start(0);
        all.back()->onMessage(welcome.constData(), size_t(welcome.size()), true, 0);
        all.back()->onMessage(joined.constData(), size_t(joined.size()), true, 0);
    }
    QElapsedTimer t;
    t.start();
    const qint64 cpu = cpuNs();
    quint64 received = 0;
    quint64 unmatched = 0;
    for (int round = 0; round < rounds; ++round) {
        const QByteArray &ack = acks[round];
        for (auto &run : all) {
            unmatched += !run->onMessage(tick.constData(), size_t(tick.size()), true, t.nsecsElapsed());
            unmatched += !run->onMessage(ping.constData(), size_t(ping.size()), true, t.nsecsElapsed());
            unmatched += !run->onMessage(ack.constData(), size_t(ack.size()), true, t.nsecsElapsed());
            received += 3;
        }
    }
    const double ns = double(cpuNs() - cpu) / double(received);
    const int sayAck = int(program.metricNames().indexOf(QStringLiteral("say_ack")));
    if (context.metrics().matched(sayAck) != quint64(rounds) * quint64(runs) || unmatched != 0)
        std::fprintf(stderr, "chat.yaml: %llu acks matched, %llu unmatched\n",
                     static_cast<unsigned long long>(context.metrics().matched(sayAck)),
                     static_cast<unsigned long long>(unmatched));
    return ns;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString dir = app.arguments().value(1, QStringLiteral("resources/scenarios"));
    const auto echo = load(dir, QStringLiteral("echo.yaml"));
    // Says back to back: with its think time the bench would measure waiting.
    const auto chat = load(dir, QStringLiteral("chat.yaml"),
                           {{"      - think: 100ms..300ms                     # fixed (1s) or a uniform range\n", ""},
                            {"repeat: 100 ", "repeat: forever "}});
    if (!echo || !chat)
        return 1;
    std::vector<double> codec, echoYaml, chat1, chat10k;
    for (int round = 0; round < kRounds; ++round) { // interleaved, so a noisy neighbour hits all alike
        codec.push_back(codecNsPerMessage());
        echoYaml.push_back(echoNsPerMessage(*echo));
        chat1.push_back(chatNsPerMessage(*chat, 1));
        chat10k.push_back(chatNsPerMessage(*chat, 10000));
    }
    const double reference = median(codec);
    std::printf("per message, median of %d rounds of %d messages\n", kRounds, kMessages);
    std::printf("  built-in echo codec (stamp + decode + record)    %7.1f ns  1.00x\n", reference);
    std::printf("  echo.yaml (render + scan + match + record)       %7.1f ns  %.2fx\n", median(echoYaml), median(echoYaml) / reference);
    std::printf("  chat.yaml say/ack + tick + ping, 1 run            %7.1f ns  %.2fx\n", median(chat1), median(chat1) / reference);
    std::printf("  chat.yaml say/ack + tick + ping, 10,000 runs      %7.1f ns  %.2fx\n", median(chat10k), median(chat10k) / reference);
    std::printf("  = %.0f chat messages per CPU-second of scenario work at 10,000 runs on one thread\n", 1e9 / median(chat10k));
    std::printf("a run is %zu bytes (with up to 2 nested repeats inline), besides its connection\n", sizeof(ScenarioRun));
    return 0;
}
