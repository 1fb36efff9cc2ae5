#pragma once

#include <scenariorun.h>

#include <QFile>
#include <QTemporaryDir>

// A file of resources/scenarios/ (the test defines SCENARIOS_DIR).
inline QByteArray scenarioResource(const QString &name)
{
    QFile f(QStringLiteral(SCENARIOS_DIR "/") + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Compiles a scenario written in a test, with its CSV beside it when given.
inline std::optional<ScenarioProgram> compileScenario(const QByteArray &yaml, const QByteArray &csv = QByteArray(),
                                                      QString *error = nullptr,
                                                      const QByteArray &target = "ws://127.0.0.1:9/chat")
{
    QTemporaryDir dir;
    QString ignored;
    QString *e = error ? error : &ignored;
    const auto write = [&](const QString &name, const QByteArray &bytes) {
        QFile f(dir.filePath(name));
        return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
    };
    if (!write(QStringLiteral("s.yaml"), yaml) || (!csv.isEmpty() && !write(QStringLiteral("users.csv"), csv)))
        return std::nullopt;
    const auto file = ScenarioFile::load(dir.filePath(QStringLiteral("s.yaml")), e);
    if (!file)
        return std::nullopt;
    const auto env = [](const QString &) { return std::optional<QByteArray>(); };
    return ScenarioProgram::compile(*file, target, env, e);
}

// Keeps what a run asked for, in order.
class RecordingSink : public ScenarioSink
{
public:
    void sendMessage(QByteArrayView bytes, bool binary) override { sent.append({bytes.toByteArray(), binary}); }
    void closeConnection(quint16 code) override { closes.append(code); }

    QByteArray last() const { return sent.isEmpty() ? QByteArray() : sent.last().first; }

    QList<QPair<QByteArray, bool>> sent;
    QList<quint16> closes;
};

// One compiled scenario with one run on it, for tests that drive the run by hand.
struct OneRun
{
    explicit OneRun(const QByteArray &yaml, const QByteArray &csv = QByteArray(), qint64 conn = 0, quint64 seed = 1)
        : program(compileScenario(yaml, csv, &error))
    {
        if (program) {
            context.emplace(*program, seed);
            run.emplace(&*context, &sink, conn);
        }
    }
    ScenarioMetrics &metrics() { return context->metrics(); }

    QString error;
    std::optional<ScenarioProgram> program;
    std::optional<ScenarioContext> context;
    RecordingSink sink;
    std::optional<ScenarioRun> run;
};
