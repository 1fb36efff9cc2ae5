#include "scenariotesting.h"

#include <QTest>

using Op = ScenarioProgram::Instruction::Op;

class TestScenarioProgram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void flattensNestedRepeats();
    void namesMetricsAndCounters();
    void refuses_data();
    void refuses();
    void uniqueRowsLimitConnections();
    void rowsCycle();
};

void TestScenarioProgram::flattensNestedRepeats()
{
    const auto p = compileScenario(R"(
steps:
  - send: a
    await: {equals: b}
  - repeat: 2
    every: 1s
    steps:
      - repeat: forever
        steps:
          - think: 1ms
      - send: c
  - close: 1001
)");
    QVERIFY(p);
    const auto &code = p->instructions();
    const QVector<Op> ops{Op::Send, Op::Await, Op::RepeatBegin, Op::RepeatBegin, Op::Think, Op::RepeatEnd,
                          Op::Send, Op::RepeatEnd, Op::Close, Op::End};
    QCOMPARE(code.size(), ops.size());
    for (int i = 0; i < ops.size(); ++i)
        QCOMPARE(code[i].op, ops[i]);
    QVERIFY(code[1].fromSend);
    QCOMPARE(code[1].a, qint64(10'000'000'000)); // the default timeout
    QCOMPARE(code[2].a, qint64(2));
    QCOMPARE(code[2].b, qint64(1'000'000'000));
    QCOMPARE(code[2].jump, 8); // after its end
    QCOMPARE(code[7].jump, 2); // back to its begin
    QCOMPARE(code[3].a, qint64(-1));
    QCOMPARE(code[3].jump, 6);
    QCOMPARE(code[5].jump, 3);
    QVERIFY(code[2].slot != code[3].slot);
    QCOMPARE(p->loopSlots(), 2);
    QCOMPARE(code[8].a, qint64(1001));
    QCOMPARE(code[6].line, 11);
}

void TestScenarioProgram::namesMetricsAndCounters()
{
    const auto p = compileScenario(R"(
on:
  - match: {type: tick}
    count: ticks
    latency_from: ts
  - match: {type: news}
    count: news
  - match: {type: tick2}
    count: ticks
steps:
  - send: a
    await: {equals: b, metric: rtt}
  - send: a
    await: {equals: b, metric: rtt}
  - await: {equals: c}
)");
    QVERIFY(p);
    QCOMPARE(p->metricNames(), (QStringList{QStringLiteral("ticks"), QStringLiteral("rtt")}));
    QCOMPARE(p->counterNames(), (QStringList{QStringLiteral("ticks"), QStringLiteral("news")}));
    QCOMPARE(p->handlers()[2].counter, 0); // one name, one counter
    QCOMPARE(p->instructions()[1].metric, 1);
    QCOMPARE(p->instructions()[3].metric, 1);
    QCOMPARE(p->instructions()[4].metric, -1);
}

void TestScenarioProgram::refuses_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow("forever that never waits") << QByteArray("steps:\n  - repeat: forever\n    steps:\n      - send: x\n")
                                              << QStringLiteral(":2:5: expected an await, a think or every in a repeat: forever");
    QTest::newRow("unknown name in a send") << QByteArray("steps:\n  - send: '{\"id\":{{sequence}}}'\n")
                                            << QStringLiteral(":2:18: unknown template name \"sequence\"");
    QTest::newRow("unknown name in a match value") << QByteArray("steps:\n  - await: {match: {id: \"{{sq}}\"}}\n")
                                                   << QStringLiteral(":2:26: unknown template name \"sq\"");
    QTest::newRow("unknown name in a header") << QByteArray("connect:\n  headers: {X-A: \"{{nope}}\"}\nsteps: [{think: 1s}]\n")
                                              << QStringLiteral(":2:19: unknown template name \"nope\"");
    QTest::newRow("row without data") << QByteArray("connect: {url: \"{{target}}?u={{row.user}}\"}\nsteps: [{think: 1s}]\n")
                                      << QStringLiteral(":1:30: row.user needs a data section");
    QTest::newRow("msg in a send") << QByteArray("steps:\n  - send: '{{msg.n}}'\n")
                                   << QStringLiteral(":2:12: msg.n names a field of the matched message");
    QTest::newRow("msg in a handler's match") << QByteArray("on:\n  - match: {n: '{{msg.n}}'}\nsteps: [{think: 1s}]\n")
                                              << QStringLiteral(":2:17: msg.n names a field of the matched message");
}

void TestScenarioProgram::refuses()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!compileScenario(yaml, QByteArray(), &actual));
    QVERIFY2(actual.contains(QStringLiteral("s.yaml") + error), qPrintable(actual));
}

void TestScenarioProgram::uniqueRowsLimitConnections()
{
    const auto p = compileScenario("data: {csv: users.csv, order: unique}\nsteps: [{think: 1s}]\n", "user\na\nb\n");
    QVERIFY(p);
    QVERIFY(p->checkConnections(2).isEmpty());
    QCOMPARE(p->checkConnections(3), QStringLiteral("users.csv: data.order unique gives each connection its own row: "
                                                    "3 connections need 3 rows, the file has 2"));
    const auto cycling = compileScenario("data: {csv: users.csv}\nsteps: [{think: 1s}]\n", "user\na\nb\n");
    QVERIFY(cycling->checkConnections(1000).isEmpty());
}

void TestScenarioProgram::rowsCycle()
{
    const auto p = compileScenario("data: {csv: users.csv}\nsteps: [{think: 1s}]\n", "user\na\nb\nc\n");
    QVERIFY(p);
    QCOMPARE(p->row(0)->at(0), QByteArray("a"));
    QCOMPARE(p->row(2)->at(0), QByteArray("c"));
    QCOMPARE(p->row(3)->at(0), QByteArray("a"));
    const auto none = compileScenario("steps: [{think: 1s}]\n");
    QCOMPARE(none->row(0), nullptr);
}

QTEST_GUILESS_MAIN(TestScenarioProgram)
#include "tst_scenarioprogram.moc"
