#include <csvtable.h>
#include <scenarioframe.h>
#include <scenariotemplate.h>

#include <QRegularExpression>
#include <QTest>

class TestScenarioTemplate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void renders_data();
    void renders();
    void rendersMessageFields();
    void randomValuesStayInRange();
    void constantsAreFoldedWhenCompiling();
    void refuses_data();
    void refuses();

private:
    std::optional<ScenarioTemplate> compile(const QString &text, bool message = false, QString *error = nullptr);

    std::optional<CsvTable> m_table;
    std::mt19937_64 m_random{42};
};

void TestScenarioTemplate::initTestCase()
{
    QString error;
    m_table = CsvTable::parse("user,token,room\nalice,t-a,lobby\nbob,t-b,\"a \"\"quoted\"\" room\"\n", QStringLiteral("u.csv"), &error);
    QVERIFY2(m_table, qPrintable(error));
}

std::optional<ScenarioTemplate> TestScenarioTemplate::compile(const QString &text, bool message, QString *error)
{
    TemplateScope scope;
    scope.target = "ws://127.0.0.1:9/chat";
    scope.data = &*m_table;
    scope.message = message;
    scope.env = [](const QString &name) -> std::optional<QByteArray> {
        if (name == QLatin1String("API_KEY"))
            return QByteArray("k-123");
        return std::nullopt;
    };
    QString ignored;
    return ScenarioTemplate::compile(TextAt{text, SourcePos{3, 10}, true}, scope, QStringLiteral("s.yaml"), error ? error : &ignored);
}

void TestScenarioTemplate::renders_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("literal") << QStringLiteral(R"({"type":"join"})") << QByteArray(R"({"type":"join"})");
    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("target") << QStringLiteral("{{target}}?user={{row.user}}") << QByteArray("ws://127.0.0.1:9/chat?user=bob");
    QTest::newRow("row with quotes") << QStringLiteral("{{row.room}}") << QByteArray("a \"quoted\" room");
    QTest::newRow("conn and seq") << QStringLiteral("c{{conn}}-s{{seq}}") << QByteArray("c7-s12");
    QTest::newRow("spaces inside braces") << QStringLiteral("{{ seq }}") << QByteArray("12");
    QTest::newRow("now_ms") << QStringLiteral(R"({"t":{{now_ms}}})") << QByteArray(R"({"t":1764097200123})");
    QTest::newRow("env") << QStringLiteral("Bearer {{env.API_KEY}}") << QByteArray("Bearer k-123");
    QTest::newRow("lone closing braces") << QStringLiteral(R"({"a":{"b":1}})") << QByteArray(R"({"a":{"b":1}})");
}

void TestScenarioTemplate::renders()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    QString error;
    const auto t = compile(text, false, &error);
    QVERIFY2(t, qPrintable(error));
    TemplateInputs in;
    in.row = &m_table->row(1);
    in.conn = 7;
    in.seq = 12;
    in.nowEpochMs = 1764097200123;
    in.random = &m_random;
    QByteArray out = "prefix:";
    t->render(in, &out);
    QCOMPARE(out, "prefix:" + expected); // render appends
}

void TestScenarioTemplate::rendersMessageFields()
{
    const auto t = compile(QStringLiteral(R"({"n":{{msg.n}},"who":"{{msg.who}}","d":{{msg.data}},"m":"{{msg.missing}}"})"), true);
    QVERIFY(t);
    JsonFields fields;
    const QByteArray message = R"({"type":"ping","n":42,"who":"a\"b","data":{"x":[1]}})";
    ScenarioFrame frame(std::string_view(message.constData(), size_t(message.size())), true, &fields);
    TemplateInputs in;
    in.msg = &frame;
    QByteArray out;
    t->render(in, &out);
    // Strings as written (escapes kept, so the reply stays valid JSON), other values raw, missing ones empty.
    QCOMPARE(out, QByteArray(R"({"n":42,"who":"a\"b","d":{"x":[1]},"m":""})"));
}

void TestScenarioTemplate::randomValuesStayInRange()
{
    const auto t = compile(QStringLiteral("{{rand_int -2 3}}"));
    QVERIFY(t);
    TemplateInputs in;
    in.random = &m_random;
    QSet<int> seen;
    for (int i = 0; i < 500; ++i) {
        QByteArray out;
        t->render(in, &out);
        bool ok = false;
        const int v = out.toInt(&ok);
        QVERIFY(ok && v >= -2 && v <= 3);
        seen.insert(v);
    }
    QCOMPARE(seen.size(), 6); // both ends included

    const auto uuid = compile(QStringLiteral("{{uuid}}"));
    QVERIFY(uuid);
    QByteArray a, b;
    uuid->render(in, &a);
    uuid->render(in, &b);
    static const QRegularExpression v4(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    QVERIFY2(v4.match(QString::fromLatin1(a)).hasMatch(), a.constData());
    QVERIFY(a != b);
}

void TestScenarioTemplate::constantsAreFoldedWhenCompiling()
{
    const auto t = compile(QStringLiteral("{{target}}/x?k={{env.API_KEY}}"));
    QVERIFY(t);
    QVERIFY(t->isConstant());
    QCOMPARE(t->constantText(), QByteArray("ws://127.0.0.1:9/chat/x?k=k-123"));
    QVERIFY(!compile(QStringLiteral("a{{seq}}"))->isConstant());
}

void TestScenarioTemplate::refuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("message");
    QTest::addColumn<QString>("error");
    // The template is written at line 3, column 10; a problem points at its {{.
    QTest::newRow("unknown name") << QStringLiteral(R"({"id":{{sq}}})") << false
                                  << QStringLiteral("s.yaml:3:16: unknown template name \"sq\"; expected target, row.FIELD, conn, seq, "
                                                    "msg.FIELD, now_ms, uuid, rand_int A B or env.NAME");
    QTest::newRow("unclosed") << QStringLiteral("ab{{seq") << false << QStringLiteral("s.yaml:3:12: expected }} to close the template");
    QTest::newRow("empty name") << QStringLiteral("{{}}") << false << QStringLiteral("s.yaml:3:10: unknown template name \"\"");
    QTest::newRow("unknown column") << QStringLiteral("{{row.name}}") << false
                                    << QStringLiteral("s.yaml:3:10: expected a column of the CSV file (user, token, room), got row.name");
    QTest::newRow("msg outside a reply") << QStringLiteral("{{msg.n}}") << false
                                         << QStringLiteral("s.yaml:3:10: msg.n names a field of the matched message: only a handler's reply has one");
    QTest::newRow("unset env") << QStringLiteral("{{env.NOPE}}") << false
                               << QStringLiteral("s.yaml:3:10: env.NOPE: the environment variable NOPE is not set");
    QTest::newRow("rand_int reversed") << QStringLiteral("{{rand_int 5 1}}") << false
                                       << QStringLiteral("s.yaml:3:10: expected rand_int A B with integers A <= B");
    QTest::newRow("rand_int words") << QStringLiteral("{{rand_int a b}}") << false << QStringLiteral("s.yaml:3:10: expected rand_int A B");
    QTest::newRow("rand_int one bound") << QStringLiteral("{{rand_int 5}}") << false << QStringLiteral("s.yaml:3:10: expected rand_int A B");
    QTest::newRow("row without field") << QStringLiteral("{{row.}}") << false << QStringLiteral("s.yaml:3:10: unknown template name \"row.\"");
}

void TestScenarioTemplate::refuses()
{
    QFETCH(QString, text);
    QFETCH(bool, message);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!compile(text, message, &actual));
    QVERIFY2(actual.startsWith(error), qPrintable(actual));
}

QTEST_GUILESS_MAIN(TestScenarioTemplate)
#include "tst_scenariotemplate.moc"
