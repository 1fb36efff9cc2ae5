#pragma once

#include <QByteArrayView>

// Where a ScenarioRun's actions go: the load worker's connection, or a test's recorder. Called
// from inside ScenarioRun's start(), onMessage() and poll(), on the thread that drives the run.
class ScenarioSink
{
public:
    // bytes is only valid during the call: copy or write it before returning.
    virtual void sendMessage(QByteArrayView bytes, bool binary) = 0;
    virtual void closeConnection(quint16 code) = 0;

protected:
    ~ScenarioSink() = default;
};
