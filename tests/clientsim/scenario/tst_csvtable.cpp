#include <csvtable.h>

#include <QTest>

class TestCsvTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsQuotedFields();
    void toleratesLineEndingsAndBom();
    void refuses_data();
    void refuses();
};

void TestCsvTable::readsQuotedFields()
{
    QString error;
    const auto table = CsvTable::parse("user,token,note\n"
                                       "alice,t-1,\"hello, world\"\n"
                                       "bob,t-2,\"she said \"\"hi\"\"\"\n"
                                       "carol,t-3,\"two\nlines\"\n"
                                       "dave,,\"\"\n",
                                       QStringLiteral("users.csv"), &error);
    QVERIFY2(table, qPrintable(error));
    QCOMPARE(table->columns(), (QVector<QByteArray>{"user", "token", "note"}));
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(table->row(0).at(2), QByteArray("hello, world"));
    QCOMPARE(table->row(1).at(2), QByteArray("she said \"hi\""));
    QCOMPARE(table->row(2).at(2), QByteArray("two\nlines"));
    QCOMPARE(table->row(3).at(1), QByteArray());
    QCOMPARE(table->row(3).at(2), QByteArray());
    QCOMPARE(table->columnIndex(QStringLiteral("note")), 2);
    QCOMPARE(table->columnIndex(QStringLiteral("missing")), -1);
}

void TestCsvTable::toleratesLineEndingsAndBom()
{
    QString error;
    const auto table = CsvTable::parse("\xEF\xBB\xBFuser, room\r\nalice,lobby\r\n\r\nbob,lobby", QStringLiteral("u.csv"), &error);
    QVERIFY2(table, qPrintable(error));
    QCOMPARE(table->columns(), (QVector<QByteArray>{"user", "room"})); // header names are trimmed
    QCOMPARE(table->rowCount(), 2); // the blank line is no row
    QCOMPARE(table->row(1).at(0), QByteArray("bob"));
}

void TestCsvTable::refuses_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("u.csv:1:1: expected a header row");
    QTest::newRow("header only") << QByteArray("user,token\n") << QStringLiteral("u.csv:2:1: expected at least one row");
    QTest::newRow("missing column") << QByteArray("user,token\nalice,t\nbob\n")
                                    << QStringLiteral("u.csv:3:1: expected 2 fields as the header names, got 1");
    QTest::newRow("extra column") << QByteArray("user\nalice,t\n") << QStringLiteral("u.csv:2:1: expected 1 fields");
    QTest::newRow("unclosed quote") << QByteArray("user\n\"alice\n") << QStringLiteral("u.csv:2:1: quoted field is never closed");
    QTest::newRow("junk after quote") << QByteArray("user,x\n\"al\"ice,1\n")
                                      << QStringLiteral("u.csv:2:5: expected a comma or the end of the line");
    QTest::newRow("duplicate header") << QByteArray("user,user\na,b\n") << QStringLiteral("u.csv:1:1: expected distinct");
    QTest::newRow("empty header name") << QByteArray("user,\na,b\n") << QStringLiteral("u.csv:1:1: expected distinct");
}

void TestCsvTable::refuses()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!CsvTable::parse(bytes, QStringLiteral("u.csv"), &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestCsvTable)
#include "tst_csvtable.moc"
