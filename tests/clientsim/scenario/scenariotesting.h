#pragma once

#include <scenarioprogram.h>
#include <scenariosink.h>

#include <QFile>
#include <QTemporaryDir>

// Compiles a scenario written in a test, with its CSV beside it when given.
inline std::optional<ScenarioProgram> compileScenario(const QByteArray &yaml, const QByteArray &csv = QByteArray(),
                                                      QString *error = nullptr)
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
    return ScenarioProgram::compile(*file, "ws://127.0.0.1:9/chat", env, e);
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
