#include <sessionmodel.h>

#include <QSignalSpy>
#include <QTest>

class TestSessionModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void loadedSessionStartsAtItsFirstSource();
    void liveRunLinesUpSourcesByWallClock();
    void appendsAndTracksModification();
};

namespace {

MetricSample sample(const QString &source, double elapsedSec, qint64 timestampMs)
{
    MetricSample s;
    s.source = source;
    s.elapsedSec = elapsedSec;
    s.timestampMs = timestampMs;
    return s;
}

} // namespace

void TestSessionModel::loadedSessionStartsAtItsFirstSource()
{
    Session session;
    // The server started at 10,000 ms, the load half a second later.
    session.samples = {sample(QStringLiteral("server"), 1.0, 11000), sample(QStringLiteral("load"), 1.0, 11500),
                       sample(QStringLiteral("server"), 2.0, 12000)};
    SessionModel model;
    QSignalSpy reset(&model, &SessionModel::modelReset);
    model.load(session, QStringLiteral("/tmp/x.json"));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.startedAtMs(), qint64(10000));
    QCOMPARE(model.secondsOf(session.samples.at(1)), 1.5);
    QCOMPARE(model.durationSec(), 2.0);
    QVERIFY(!model.isModified());
    QCOMPARE(model.filePath(), QStringLiteral("/tmp/x.json"));
}

void TestSessionModel::liveRunLinesUpSourcesByWallClock()
{
    SessionModel model;
    model.startLive({{QStringLiteral("server"), QJsonObject()}}, 50000);
    QCOMPARE(model.secondsAt(53250), 3.25);
    QCOMPARE(model.secondsOf(sample(QStringLiteral("load"), 0.7, 52000)), 2.0);
    // A sample without a wall clock falls back to its own elapsed time.
    QCOMPARE(model.secondsOf(sample(QStringLiteral("load"), 0.7, 0)), 0.7);
    QCOMPARE(model.session().config.value(QLatin1String("startedAtMs")).toDouble(), 50000.0);

    // Reopened from its file, the run keeps the same clock.
    SessionModel reopened;
    Session saved = model.session();
    saved.samples.append(sample(QStringLiteral("load"), 5, 56000));
    reopened.load(saved);
    QCOMPARE(reopened.startedAtMs(), qint64(50000));
}

void TestSessionModel::appendsAndTracksModification()
{
    SessionModel model;
    model.load(Session());
    QSignalSpy samples(&model, &SessionModel::sampleAppended);
    QSignalSpy events(&model, &SessionModel::eventAppended);
    QSignalSpy modified(&model, &SessionModel::modifiedChanged);
    model.appendSample(sample(QStringLiteral("load"), 1, 1000));
    model.appendEvent({1, QStringLiteral("console"), QStringLiteral("child_started"), QStringLiteral("x")});
    QCOMPARE(samples.count(), 1);
    QCOMPARE(samples.first().first().toInt(), 0);
    QCOMPARE(events.count(), 1);
    QCOMPARE(modified.count(), 1);
    QVERIFY(model.isModified());
    model.markSaved(QStringLiteral("/tmp/run.json"));
    QVERIFY(!model.isModified());
    QCOMPARE(modified.count(), 2);
}

QTEST_GUILESS_MAIN(TestSessionModel)
#include "tst_sessionmodel.moc"
