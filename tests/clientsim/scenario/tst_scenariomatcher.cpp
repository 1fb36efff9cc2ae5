#include <scenarioframe.h>
#include <scenariomatcher.h>

#include <QTest>

Q_DECLARE_METATYPE(MatchSpec)

class TestScenarioMatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matches_data();
    void matches();
    void variablesAreRenderedPerMatch();
    void parsesAFrameOnceForManyMatchers();

private:
    static std::optional<ScenarioMatcher> compile(const MatchSpec &spec);
    static MatchSpec fields(std::initializer_list<std::pair<const char *, const char *>> pairs);
};

MatchSpec TestScenarioMatcher::fields(std::initializer_list<std::pair<const char *, const char *>> pairs)
{
    MatchSpec spec;
    for (const auto &[name, value] : pairs)
        spec.fields.append({TextAt{QString::fromUtf8(name)}, TextAt{QString::fromUtf8(value)}});
    return spec;
}

std::optional<ScenarioMatcher> TestScenarioMatcher::compile(const MatchSpec &spec)
{
    QString error;
    auto m = ScenarioMatcher::compile(spec, TemplateScope(), QStringLiteral("s.yaml"), &error);
    if (!m)
        qWarning("%s", qPrintable(error));
    return m;
}

void TestScenarioMatcher::matches_data()
{
    QTest::addColumn<MatchSpec>("spec");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<bool>("matches");
    const MatchSpec ack = fields({{"type", "ack"}});
    QTest::newRow("string field") << ack << QByteArray(R"({"type":"ack","id":1})") << false << true;
    QTest::newRow("other string") << ack << QByteArray(R"({"type":"acks"})") << false << false;
    QTest::newRow("escaped string") << ack << QByteArray(R"({"type":"a\u0063k"})") << false << true;
    QTest::newRow("missing field") << ack << QByteArray(R"({"kind":"ack"})") << false << false;
    QTest::newRow("nested field is not top-level") << ack << QByteArray(R"({"data":{"type":"ack"}})") << false << false;
    QTest::newRow("not JSON") << ack << QByteArray("type=ack") << false << false;
    QTest::newRow("binary frame has no fields") << ack << QByteArray(R"({"type":"ack"})") << true << false;

    const MatchSpec seven = fields({{"id", "7"}});
    QTest::newRow("number by value") << seven << QByteArray(R"({"id":7})") << false << true;
    QTest::newRow("number written otherwise") << seven << QByteArray(R"({"id":7.0e0})") << false << true;
    QTest::newRow("string by text") << seven << QByteArray(R"({"id":"7"})") << false << true;
    QTest::newRow("string is not a number") << seven << QByteArray(R"({"id":"7.0"})") << false << false;
    QTest::newRow("other number") << seven << QByteArray(R"({"id":70})") << false << false;
    QTest::newRow("number against a word") << fields({{"id", "seven"}}) << QByteArray(R"({"id":7})") << false << false;
    QTest::newRow("true") << fields({{"ok", "true"}}) << QByteArray(R"({"ok":true})") << false << true;
    QTest::newRow("true is not a string") << fields({{"ok", "true"}}) << QByteArray(R"({"ok":false})") << false << false;
    QTest::newRow("null") << fields({{"err", "null"}}) << QByteArray(R"({"err":null})") << false << true;
    QTest::newRow("object never matches") << fields({{"d", "{}"}}) << QByteArray(R"({"d":{}})") << false << false;
    QTest::newRow("all fields must hold") << fields({{"type", "ack"}, {"id", "7"}}) << QByteArray(R"({"type":"ack","id":8})") << false << false;
    QTest::newRow("all fields hold") << fields({{"type", "ack"}, {"id", "7"}}) << QByteArray(R"({"id":7,"type":"ack"})") << false << true;

    MatchSpec contains;
    contains.contains = TextAt{QStringLiteral("\"sid\"")};
    QTest::newRow("contains") << contains << QByteArray(R"(0{"sid":"x"})") << false << true;
    QTest::newRow("contains in binary") << contains << QByteArray("\x01\x02\"sid\"\x00", 9) << true << true;
    QTest::newRow("does not contain") << contains << QByteArray("0{}") << false << false;
    MatchSpec equals;
    equals.equals = TextAt{QStringLiteral("2")};
    QTest::newRow("equals") << equals << QByteArray("2") << false << true;
    QTest::newRow("equals is whole") << equals << QByteArray("42") << false << false;
    MatchSpec startsWith;
    startsWith.startsWith = TextAt{QStringLiteral("40")};
    QTest::newRow("starts_with") << startsWith << QByteArray(R"(40{"sid":"a"})") << false << true;
    QTest::newRow("starts_with longer than frame") << startsWith << QByteArray("4") << false << false;
    MatchSpec both = fields({{"type", "ack"}});
    both.contains = TextAt{QStringLiteral("urgent")};
    QTest::newRow("raw and field") << both << QByteArray(R"({"type":"ack","tag":"urgent"})") << false << true;
    QTest::newRow("raw fails") << both << QByteArray(R"({"type":"ack"})") << false << false;
}

void TestScenarioMatcher::matches()
{
    QFETCH(MatchSpec, spec);
    QFETCH(QByteArray, message);
    QFETCH(bool, binary);
    QFETCH(bool, matches);
    const auto m = compile(spec);
    QVERIFY(m);
    JsonFields fields;
    ScenarioFrame frame(std::string_view(message.constData(), size_t(message.size())), !binary, &fields);
    QByteArray scratch;
    std::string unescaped;
    QCOMPARE(m->matches(frame, TemplateInputs(), &scratch, &unescaped), matches);
}

void TestScenarioMatcher::variablesAreRenderedPerMatch()
{
    const auto m = compile(fields({{"type", "ack"}, {"id", "{{seq}}"}}));
    QVERIFY(m);
    const QByteArray message = R"({"type":"ack","id":5})";
    JsonFields fields;
    QByteArray scratch;
    std::string unescaped;
    for (quint64 seq : {4, 5, 6}) {
        ScenarioFrame frame(std::string_view(message.constData(), size_t(message.size())), true, &fields);
        TemplateInputs in;
        in.seq = seq;
        QCOMPARE(m->matches(frame, in, &scratch, &unescaped), seq == 5);
    }
}

void TestScenarioMatcher::parsesAFrameOnceForManyMatchers()
{
    const auto a = compile(fields({{"type", "welcome"}}));
    const auto b = compile(fields({{"type", "tick"}}));
    const auto c = compile(fields({{"type", "ack"}, {"id", "1"}}));
    const QByteArray message = R"({"type":"ack","id":1})";
    JsonFields fields;
    ScenarioFrame frame(std::string_view(message.constData(), size_t(message.size())), true, &fields);
    QByteArray scratch;
    std::string unescaped;
    QVERIFY(!a->matches(frame, TemplateInputs(), &scratch, &unescaped));
    QVERIFY(!b->matches(frame, TemplateInputs(), &scratch, &unescaped));
    QVERIFY(c->matches(frame, TemplateInputs(), &scratch, &unescaped));
    QCOMPARE(fields.scanCount(), quint64(1));
}

QTEST_GUILESS_MAIN(TestScenarioMatcher)
#include "tst_scenariomatcher.moc"
