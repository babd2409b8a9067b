// The JSON-lines scanner (core/scenario/json_line_scanner.h): the values of wanted keys decoded (escapes,
// surrogate pairs, raw UTF-8, duplicates, nested values skipped), what JSON rejects rejected at the
// right column, and nothing read past the end of the line however the line is cut or nested.
#include "core/scenario/json_line_scanner.h"

#include <QtTest>

#include <array>
#include <string>

using namespace rl::scenario;

namespace {

constexpr std::array<std::string_view, 2> kKeys = {"a", "b"};

QString kindName(JsonValueKind kind) {
    static const char* const kNames[] = {"missing", "string", "number", "true",
                                         "false",   "null",   "object", "array"};
    return QString::fromLatin1(kNames[static_cast<int>(kind)]);
}

// JSON written with single quotes (moc cannot read raw string literals): {'a': 1} -> {"a": 1}.
QByteArray L(const char* text) {
    QByteArray json(text);
    json.replace('\'', '"');
    return json;
}

QByteArray bytes(std::string_view text) {
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

class JsonLineScannerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wantedValuesAreDecoded_data() {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("kind"); // of "a"
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("plain string") << L("{'a': 'ok'}") << "string" << QByteArray("ok");
        QTest::newRow("simple escapes") << L("{'a': 'q\\'b\\\\s\\/b\\bf\\fn\\nr\\rt\\t.'}") << "string"
                                        << QByteArray("q\"b\\s/b\bf\fn\nr\rt\t.");
        QTest::newRow("\\u, BMP") << L("{'a': 'caf\\u00e9 \\u20AC'}") << "string"
                                  << QByteArray("caf\xC3\xA9 \xE2\x82\xAC");
        QTest::newRow("\\u surrogate pair")
            << L("{'a': '\\uD83D\\uDE00!'}") << "string" << QByteArray("\xF0\x9F\x98\x80!");
        QTest::newRow("\\u0000 kept") << L("{'a': 'x\\u0000y'}") << "string" << QByteArray("x\0y", 3);
        QTest::newRow("raw UTF-8") << QByteArray("{\"a\": \"\xC3\xA9\xF0\x9F\x98\x80\"}") << "string"
                                   << QByteArray("\xC3\xA9\xF0\x9F\x98\x80");
        QTest::newRow("escaped key") << L("{'\\u0061': 7}") << "number" << QByteArray("7");
        QTest::newRow("key written twice: the last")
            << L("{'a': 1, 'b': 2, 'a': 'two'}") << "string" << QByteArray("two");
        QTest::newRow("escaped, then plain") << L("{'a': 'x\\ty', 'a': 'z'}") << "string" << QByteArray("z");
        QTest::newRow("number as written") << L("{'a': -1.25e-3}") << "number" << QByteArray("-1.25e-3");
        QTest::newRow("exponent sign") << L("{'a':1E+5}") << "number" << QByteArray("1E+5");
        QTest::newRow("minus zero") << L("{'a':-0}") << "number" << QByteArray("-0");
        QTest::newRow("too large is still JSON") << L("{'a': 1e400}") << "number" << QByteArray("1e400");
        QTest::newRow("true") << L("{'a': true}") << "true" << QByteArray("true");
        QTest::newRow("false") << L("{'a': false}") << "false" << QByteArray("false");
        QTest::newRow("null") << L("{'a': null}") << "null" << QByteArray("null");
        QTest::newRow("nested array, as written")
            << L("{'a': [1, {'x': []}]}") << "array" << L("[1, {'x': []}]");
        QTest::newRow("nested object") << L("{'a': {'x': '}'}}") << "object" << L("{'x': '}'}");
        QTest::newRow("other keys nested, skipped")
            << L("{'x': {'y': [1, {'z': [[], {}]}, ']}\\'', -0.5e+2]}, 'a': 3, 'w': [null]}") << "number"
            << QByteArray("3");
        QTest::newRow("whitespace everywhere")
            << QByteArray(" \t{ \"a\" :\r 5 , \"b\":null\t}  \r") << "number" << QByteArray("5");
        QTest::newRow("byte order mark")
            << QByteArray("\xEF\xBB\xBF{\"a\": 1}") << "number" << QByteArray("1");
        QTest::newRow("no such key") << L("{'A': 1, 'aa': 2}") << "missing" << QByteArray();
        QTest::newRow("empty object") << QByteArray("{}") << "missing" << QByteArray();
    }
    void wantedValuesAreDecoded() {
        QFETCH(QByteArray, line);
        QFETCH(QString, kind);
        QFETCH(QByteArray, text);
        JsonLineScanner scanner(kKeys);
        const bool ok =
            scanner.scan(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
        QVERIFY2(ok, scanner.error().expected.data());
        QCOMPARE(kindName(scanner.value(0).kind), kind);
        QCOMPARE(bytes(scanner.value(0).text), text);
    }

    void whatJsonRejectsIsRejected_data() {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected"); // the start of it
        QTest::newRow("leading zero") << L("{'a': 01}") << 7 << "a number without leading zeros";
        QTest::newRow("1.") << L("{'a': 1.}") << 9 << "a digit after the decimal point";
        QTest::newRow(".5") << L("{'a': .5}") << 7 << "a value";
        QTest::newRow("+1") << L("{'a': +1}") << 7 << "a value";
        QTest::newRow("NaN") << L("{'a': NaN}") << 7 << "a value";
        QTest::newRow("Infinity") << L("{'a': Infinity}") << 7 << "a value";
        QTest::newRow("-Infinity") << L("{'a': -Infinity}") << 8 << "a digit after '-'";
        QTest::newRow("1e") << L("{'a': 1e}") << 9 << "a digit in the exponent";
        QTest::newRow("hex") << L("{'a': 0x10}") << 8 << "',' or '}' after the value";
        QTest::newRow("tru") << L("{'a': tru}") << 7 << "a value";
        QTest::newRow("single quotes") << QByteArray("{'a': 1}") << 2 << "a key in double quotes or '}'";
        QTest::newRow("no colon") << L("{'a' 1}") << 6 << "':' after the key";
        QTest::newRow("trailing comma") << L("{'a': 1,}") << 9 << "a key in double quotes";
        QTest::newRow("unterminated string") << L("{'a': 'abc}") << 7 << "a string closed by";
        QTest::newRow("unterminated key") << L("{'a") << 2 << "a string closed by";
        QTest::newRow("bad escape") << L("{'a': '\\x'}") << 8 << "an escape";
        QTest::newRow("escape at the end") << L("{'a': '\\") << 8 << "an escape";
        QTest::newRow("short \\u") << L("{'a': '\\u12'}") << 8 << "four hex digits";
        QTest::newRow("lone high surrogate") << L("{'a': '\\uD800'}") << 8 << "a low surrogate";
        QTest::newRow("high, then not low") << L("{'a': '\\uD800\\u0041'}") << 8 << "a low surrogate";
        QTest::newRow("lone low surrogate") << L("{'a': '\\uDC00'}") << 8 << "a high surrogate";
        QTest::newRow("raw tab in a string")
            << QByteArray("{\"a\": \"x\ty\"}") << 9 << "no control character";
        QTest::newRow("not UTF-8") << QByteArray("{\"a\": \"\xFF\"}") << 8 << "UTF-8 text";
        QTest::newRow("overlong UTF-8") << QByteArray("{\"a\": \"\xC0\xAF\"}") << 8 << "UTF-8 text";
        QTest::newRow("UTF-8 surrogate") << QByteArray("{\"a\": \"\xED\xA0\x80\"}") << 8 << "UTF-8 text";
        QTest::newRow("UTF-8 cut by the quote") << QByteArray("{\"a\": \"\xE2\x82\"}") << 8 << "UTF-8 text";
        QTest::newRow("garbage after the object")
            << L("{'a': 1} x") << 10 << "the end of the line after the object";
        QTest::newRow("two objects") << L("{'a': 1}{'a': 2}") << 9 << "the end of the line";
        QTest::newRow("line ends inside") << L("{'a': 1") << 8 << "',' or '}' after the value";
        QTest::newRow("mismatched bracket")
            << L("{'x': [1, 2}, 'a': 1}") << 12 << "',' or ']' after the value";
        QTest::newRow("nested unclosed") << L("{'x': [1, {'y': 2}") << 19 << "',' or ']' after the value";
        QTest::newRow("nested key unquoted") << L("{'x': {y: 2}}") << 8 << "a key in double quotes";
        QTest::newRow("nested trailing comma") << L("{'x': [1,]}") << 10 << "a value";
        QTest::newRow("101 levels") << (L("{'x': ") + QByteArray(100, '[') + QByteArray(100, ']') + "}")
                                    << 106 << "at most 100 levels";
        QTest::newRow("empty line") << QByteArray("") << 1 << "a value";
    }
    void whatJsonRejectsIsRejected() {
        QFETCH(QByteArray, line);
        QFETCH(int, column);
        QFETCH(QString, expected);
        JsonLineScanner scanner(kKeys);
        QVERIFY(!scanner.scan(std::string_view(line.constData(), static_cast<std::size_t>(line.size()))));
        const auto& error = scanner.error();
        QVERIFY(!error.validButNotObject);
        const QString got = QString::fromUtf8(error.expected.data(), qsizetype(error.expected.size()));
        QVERIFY2(got.startsWith(expected), qPrintable(got));
        QCOMPARE(int(error.column), column);
    }

    void nestingUpToTheLimitIsAccepted() {
        // The line's object is level 1, so 99 arrays fit inside it.
        const std::string line = L("{'x': ").toStdString() + std::string(99, '[') + std::string(99, ']') +
                                 L(", 'a': 1}").toStdString();
        JsonLineScanner scanner(kKeys);
        QVERIFY2(scanner.scan(line), scanner.error().expected.data());
        QCOMPARE(bytes(scanner.value(0).text), QByteArray("1"));
    }

    void deepNestingIsRefusedWithoutRecursion() {
        // A million brackets: refused at the 101st, with the same fixed stack as a flat line.
        const std::string line = L("{'x': ").toStdString() + std::string(1'000'000, '[');
        JsonLineScanner scanner(kKeys);
        QVERIFY(!scanner.scan(line));
        QCOMPARE(scanner.error().column, std::size_t{106});
    }

    void valuesThatAreNotObjectsAreTold() {
        JsonLineScanner scanner(kKeys);
        for (const char* line : {"[1, 2, 3]", " \"text\" ", "42", "null"}) {
            QVERIFY(!scanner.scan(line));
            QVERIFY2(scanner.error().validButNotObject, line);
            QVERIFY(!scanner.error().inObject);
        }
        for (const char* line : {"[1, 2", "1,2,200", "timestamp,latency_ms,status"}) {
            QVERIFY(!scanner.scan(line));
            QVERIFY2(!scanner.error().validButNotObject, line);
            QVERIFY(!scanner.error().inObject);
        }
        QVERIFY(!scanner.scan("{\"a\": 1"));
        QVERIFY(scanner.error().inObject);
    }

    void nothingIsReadPastTheEndOfTheLine() {
        // Every proper prefix of a line is cut short; the rest of the line stays in memory after it, so
        // a scanner reading past the end of its view would find a whole object and succeed.
        const std::string full = L("{'a': 'x\\u00e9\\uD83D\\uDE00\\n', 'b': [1, -2.5e+3, {'c': null, 'd': "
                                   "'\\\\'}], 'e': true, 'f': 10}")
                                     .toStdString();
        JsonLineScanner scanner(kKeys);
        QVERIFY(scanner.scan(full));
        for (std::size_t n = 0; n < full.size(); ++n)
            QVERIFY2(!scanner.scan(std::string_view(full.data(), n)), qPrintable(QString::number(n)));
    }

    void valuesStayValidUntilTheNextScan() {
        JsonLineScanner scanner(kKeys);
        // Values point into the line (or the scanner's own buffer): the lines must outlive them.
        const std::string first = L("{'a': 't\\tab', 'b': 'n\\nl'}").toStdString();
        const std::string second = L("{'b': 2}").toStdString();
        QVERIFY(scanner.scan(first));
        QCOMPARE(bytes(scanner.value(0).text), QByteArray("t\tab"));
        QCOMPARE(bytes(scanner.value(1).text), QByteArray("n\nl"));
        QVERIFY(scanner.scan(second));
        QVERIFY(scanner.value(0).kind == JsonValueKind::Missing);
        QCOMPARE(bytes(scanner.value(1).text), QByteArray("2"));
    }
};

QTEST_APPLESS_MAIN(JsonLineScannerTest)
#include "tst_json_line_scanner.moc"
