#include <loadshard.h>

#include <QSet>
#include <QTest>

class TestLoadShard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void agentsCoverEveryConnectionOnce_data();
    void agentsCoverEveryConnectionOnce();
    void ratesAreShared();
};

void TestLoadShard::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("count"); // 0: refused
    QTest::newRow("first of six") << QStringLiteral("1/6") << 1 << 6;
    QTest::newRow("last of six") << QStringLiteral("6/6") << 6 << 6;
    QTest::newRow("whole") << QStringLiteral("1/1") << 1 << 1;
    QTest::newRow("spaces") << QStringLiteral(" 2 / 3 ") << 2 << 3;
    QTest::newRow("zero-based") << QStringLiteral("0/6") << 0 << 0;
    QTest::newRow("past the count") << QStringLiteral("7/6") << 0 << 0;
    QTest::newRow("no count") << QStringLiteral("3") << 0 << 0;
    QTest::newRow("zero agents") << QStringLiteral("1/0") << 0 << 0;
    QTest::newRow("negative") << QStringLiteral("-1/6") << 0 << 0;
}

void TestLoadShard::parses()
{
    QFETCH(QString, text);
    QFETCH(int, index);
    QFETCH(int, count);
    QString error;
    const auto shard = LoadShard::parse(text, &error);
    QCOMPARE(bool(shard), count > 0);
    if (shard) {
        QCOMPARE(shard->index, index);
        QCOMPARE(shard->count, count);
    } else {
        QVERIFY2(error.contains(QLatin1String("K/N")) && error.contains(text), qPrintable(error));
    }
}

void TestLoadShard::agentsCoverEveryConnectionOnce_data()
{
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("agents");
    QTest::newRow("even") << 600 << 6;
    QTest::newRow("uneven") << 100003 << 6;
    QTest::newRow("fewer connections than agents") << 4 << 6;
    QTest::newRow("one agent") << 17 << 1;
}

void TestLoadShard::agentsCoverEveryConnectionOnce()
{
    QFETCH(int, total);
    QFETCH(int, agents);
    QSet<int> seen;
    int largest = 0, smallest = total;
    for (int k = 1; k <= agents; ++k) {
        const LoadShard shard{k, agents};
        const int local = shard.localCount(total);
        largest = qMax(largest, local);
        smallest = qMin(smallest, local);
        for (int i = 0; i < local; ++i) {
            const int global = shard.globalNumber(i);
            QVERIFY2(global < total, qPrintable(QStringLiteral("agent %1 runs %2 of %3").arg(k).arg(global).arg(total)));
            QVERIFY(shard.owns(global));
            QVERIFY2(!seen.contains(global), qPrintable(QStringLiteral("connection %1 twice").arg(global)));
            seen.insert(global);
        }
    }
    QCOMPARE(seen.size(), total); // every CSV row / {{conn}} exactly once
    QVERIFY(largest - smallest <= 1); // as even as whole numbers allow
    QCOMPARE(LoadShard({2, 6}).globalNumber(0), 1);
    QCOMPARE(LoadShard({2, 6}).globalNumber(3), 19);
}

void TestLoadShard::ratesAreShared()
{
    QCOMPARE(LoadShard({3, 4}).share(1000.0), 250.0);
    QVERIFY(LoadShard().isWhole());
    QCOMPARE(LoadShard({2, 5}).text(), QStringLiteral("2/5"));
}

QTEST_GUILESS_MAIN(TestLoadShard)
#include "tst_loadshard.moc"
