#pragma once

#include <loadengine.h>

#include <QSignalSpy>
#include <QVector>

// Runs the engine with config until it finishes (its duration plus 10 s at most) and returns the
// summary; samples, when given, collects every sample on the way.
inline RunSummary runToEnd(LoadEngine &engine, const LoadConfig &config, QVector<MetricSample> *samples = nullptr)
{
    QSignalSpy finished(&engine, &LoadEngine::finished);
    if (samples)
        QObject::connect(&engine, &LoadEngine::sampleReady, [samples](const MetricSample &s) { samples->append(s); });
    if (!engine.start(config)) {
        qWarning() << engine.errorString();
        return {};
    }
    if (!finished.wait(int(config.durationSec * 1000) + 10000))
        qWarning("load run did not finish");
    return engine.summary();
}
