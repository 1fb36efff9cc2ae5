#include <jsonfields.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

class TestJsonFields : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findsTopLevelFields();
    void lastRepeatedNameWins();
    void refuses_data();
    void refuses();
    void unescapes();
    void agreesWithQJsonOnRandomObjects();
    void refusesEveryCutOfAnObject();
};

namespace {

std::string_view view(const QByteArray &b)
{
    return std::string_view(b.constData(), size_t(b.size()));
}

} // namespace

void TestJsonFields::findsTopLevelFields()
{
    const QByteArray json = R"( {"type":"ack", "id" : 7, "ok":true, "no":false, "nil":null, "data":{"x":[1,{"y":"}"}]},
                               "list":[], "t\u0065xt":"a\"b", "n":-1.5e3} )";
    JsonFields f;
    QVERIFY(f.scan(view(json)));
    QCOMPARE(f.fields().size(), size_t(9));
    QCOMPARE(f.find("type")->value, std::string_view("ack"));
    QCOMPARE(f.find("type")->type, JsonFields::Type::String);
    QCOMPARE(f.find("id")->value, std::string_view("7"));
    QCOMPARE(f.find("id")->type, JsonFields::Type::Number);
    QCOMPARE(f.find("ok")->type, JsonFields::Type::True);
    QCOMPARE(f.find("no")->type, JsonFields::Type::False);
    QCOMPARE(f.find("nil")->type, JsonFields::Type::Null);
    QCOMPARE(f.find("data")->type, JsonFields::Type::Object);
    QCOMPARE(f.find("data")->value, std::string_view(R"({"x":[1,{"y":"}"}]})"));
    QCOMPARE(f.find("list")->type, JsonFields::Type::Array);
    QCOMPARE(f.find("text")->value, std::string_view(R"(a\"b)")); // an escaped name is found by its text
    QVERIFY(f.find("text")->valueEscaped);
    QCOMPARE(f.find("n")->value, std::string_view("-1.5e3"));
    QVERIFY(!f.find("x")); // nested names are not top-level fields
    QVERIFY(f.scan("{}"));
    QVERIFY(f.fields().empty());
}

void TestJsonFields::lastRepeatedNameWins()
{
    JsonFields f;
    QVERIFY(f.scan(R"({"a":1,"a":2})"));
    QCOMPARE(f.find("a")->value, std::string_view("2"));
}

void TestJsonFields::refuses_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("array") << QByteArray("[1,2]");
    QTest::newRow("string") << QByteArray(R"("x")");
    QTest::newRow("plain text") << QByteArray("2");
    QTest::newRow("socket.io event") << QByteArray(R"(42["chat",{"a":1}])");
    QTest::newRow("unclosed") << QByteArray(R"({"a":1)");
    QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})");
    QTest::newRow("trailing junk") << QByteArray(R"({"a":1}x)");
    QTest::newRow("two objects") << QByteArray(R"({"a":1}{"b":2})");
    QTest::newRow("unquoted name") << QByteArray(R"({a:1})");
    QTest::newRow("no colon") << QByteArray(R"({"a" 1})");
    QTest::newRow("leading zero") << QByteArray(R"({"a":01})");
    QTest::newRow("bare minus") << QByteArray(R"({"a":-})");
    QTest::newRow("dot without digits") << QByteArray(R"({"a":1.})");
    QTest::newRow("exponent without digits") << QByteArray(R"({"a":1e})");
    QTest::newRow("truncated literal") << QByteArray(R"({"a":tru})");
    QTest::newRow("control character in string") << QByteArray("{\"a\":\"x\ny\"}");
    QTest::newRow("unclosed nested") << QByteArray(R"({"a":[1,{"b":2]})");
    QTest::newRow("single quotes") << QByteArray(R"({'a':1})");
    QTest::newRow("too deep") << QByteArray(R"({"a":)") + QByteArray(JsonFields::kMaxDepth, '[') + QByteArray(JsonFields::kMaxDepth, ']') + "}";
}

void TestJsonFields::refuses()
{
    QFETCH(QByteArray, bytes);
    JsonFields f;
    QVERIFY(!f.scan(view(bytes)));
    QVERIFY(f.fields().empty());
}

void TestJsonFields::unescapes()
{
    std::string out;
    QVERIFY(JsonFields::unescape(R"(a\"b\\c\/d\n\t\u00e9\ud83d\ude00)", &out));
    QCOMPARE(QString::fromStdString(out), QStringLiteral("a\"b\\c/d\n\t\u00e9\U0001F600"));
    QVERIFY(!JsonFields::unescape(R"(\x)", &out));
    QVERIFY(!JsonFields::unescape(R"(\u12)", &out));
    QVERIFY(!JsonFields::unescape(R"(\ud83d)", &out)); // a lone high surrogate
    QVERIFY(!JsonFields::unescape(R"(\ude00)", &out)); // a lone low surrogate
}

namespace {

QByteArray randomValue(QRandomGenerator &rng, int depth)
{
    switch (rng.bounded(depth > 2 ? 4 : 6)) {
    case 0: return QByteArray::number(qint64(rng.bounded(2000000)) - 1000000);
    case 1: return QByteArray::number(rng.generateDouble() * 1e6, 'g', 12);
    case 2: {
        static const char *const strings[] = {R"("")", R"("ack")", R"("a\"b")", R"("\u00e9t\u00e9")", R"("}{][,:")", R"("\\")"};
        return strings[rng.bounded(6)];
    }
    case 3: {
        static const char *const words[] = {"true", "false", "null"};
        return words[rng.bounded(3)];
    }
    case 4: {
        QByteArray a = "[";
        for (int i = 0, n = rng.bounded(4); i < n; ++i)
            a += (i ? "," : "") + randomValue(rng, depth + 1);
        return a + "]";
    }
    default: {
        QByteArray o = "{";
        for (int i = 0, n = rng.bounded(4); i < n; ++i)
            o += (i ? ", " : " ") + QByteArray("\"k") + QByteArray::number(i) + "\": " + randomValue(rng, depth + 1);
        return o + "}";
    }
    }
}

QByteArray randomObject(QRandomGenerator &rng)
{
    QByteArray o = "{";
    for (int i = 0, n = rng.bounded(8); i < n; ++i)
        o += QByteArray(i ? ",\n" : "") + "\"f" + QByteArray::number(i) + "\" :" + randomValue(rng, 0);
    return o + "}";
}

} // namespace

// Whatever QJsonDocument reads as an object, the scanner reads with the same top-level names and
// the same string values.
void TestJsonFields::agreesWithQJsonOnRandomObjects()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator rng(seed);
    JsonFields f;
    std::string text;
    for (int round = 0; round < 2000; ++round) {
        const QByteArray json = randomObject(rng);
        const QJsonObject expected = QJsonDocument::fromJson(json).object();
        QVERIFY2(f.scan(view(json)), qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(QString::fromUtf8(json))));
        QCOMPARE(int(f.fields().size()), int(expected.size()));
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const JsonFields::Field *field = f.find(view(it.key().toUtf8()));
            QVERIFY2(field, qPrintable(QStringLiteral("seed %1").arg(seed)));
            if (it.value().isString()) {
                QVERIFY(JsonFields::unescape(field->value, &text));
                QCOMPARE(QString::fromStdString(text), it.value().toString());
            } else if (it.value().isDouble()) {
                QCOMPARE(QByteArray(field->value.data(), int(field->value.size())).toDouble(), it.value().toDouble());
            }
        }
    }
}

// A message cut anywhere is not an object: a guard for frames a matcher sees in pieces.
void TestJsonFields::refusesEveryCutOfAnObject()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator rng(seed);
    JsonFields f;
    for (int round = 0; round < 300; ++round) {
        const QByteArray json = randomObject(rng);
        for (int cut = 0; cut < json.size(); ++cut)
            QVERIFY2(!f.scan(view(json.left(cut))), qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(QString::fromUtf8(json.left(cut)))));
    }
}

QTEST_GUILESS_MAIN(TestJsonFields)
#include "tst_jsonfields.moc"
