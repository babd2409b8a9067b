// Hostile but syntactically valid JSON: nesting 100,000 deep once overflowed the stack (dumping the
// value into "expected an object, got ..."); an object with 100,000 keys and a chain of 10,000 services
// must not take quadratic time or deep recursion either. Each is refused or accepted with a message
// naming the place, never a crash.
#include "core/scenario/json_limits.h"
#include "core/scenario/json_reader.h"
#include "core/scenario/scenario_json.h"

#include <QElapsedTimer>
#include <QtTest>

#include <string>

using namespace rl::scenario;

namespace {

std::string nestedArrays(std::size_t depth, const std::string& inner = "") {
    return std::string(depth, '[') + inner + std::string(depth, ']');
}

std::string firstMessage(const Diagnostics& d) {
    return d.empty() ? std::string("(no diagnostic)")
                     : d.items().front().path + ": " + d.items().front().message;
}

} // namespace

class JsonLimits : public QObject {
    Q_OBJECT

private slots:
    void arrayNested100000DeepIsRefusedWithItsPosition() {
        const LoadResult r = parseScenario(nestedArrays(100'000));
        QVERIFY(!r.scenario);
        QCOMPARE(r.diagnostics.size(), std::size_t(1));
        QCOMPARE(firstMessage(r.diagnostics),
                 std::string(": line 1, column 101: nesting deeper than 100 levels of arrays and objects; "
                             "a scenario needs fewer than 10"));
    }

    void positionCountsLinesAndSkipsBracketsInStrings() {
        // The brackets inside the string do not count; the 101st level opens on line 3, column 2.
        const std::string text = "{\"name\": \"[[[{{{\",\n \"x\":\n " + nestedArrays(99, "[[1]]") + "}";
        Diagnostics out;
        QVERIFY(!parseJsonText(text, out));
        QCOMPARE(firstMessage(out), std::string(": line 3, column 101: nesting deeper than 100 levels of "
                                                "arrays and objects; a scenario needs fewer than 10"));
    }

    void exactlyTheLimitIsAccepted() {
        // 100 levels parse; the scenario is then wrong for an ordinary reason, described briefly.
        Diagnostics out;
        QVERIFY(parseJsonText(nestedArrays(kMaxJsonDepth), out));
        QVERIFY(out.empty());
        const LoadResult r = parseScenario(nestedArrays(kMaxJsonDepth));
        QCOMPARE(firstMessage(r.diagnostics), ": expected an object, got " + std::string(57, '[') + "...");
        QCOMPARE(parseJsonLimited(nestedArrays(kMaxJsonDepth)).size(), std::size_t(1));
        QVERIFY_THROWS_EXCEPTION(JsonTooDeep, parseJsonLimited(nestedArrays(kMaxJsonDepth + 1)));
    }

    void objectsCountAsLevelsToo() {
        std::string text;
        for (int i = 0; i <= kMaxJsonDepth; ++i)
            text += "{\"a\":";
        text += "1" + std::string(std::size_t(kMaxJsonDepth) + 1, '}');
        try {
            parseJsonLimited(text);
            QFAIL("expected JsonTooDeep");
        } catch (const JsonTooDeep& e) {
            QCOMPARE(e.line(), std::size_t(1));
            QCOMPARE(e.column(), std::size_t(5 * kMaxJsonDepth + 1));
        }
    }

    void syntaxErrorsStillComeFromTheParser() {
        QVERIFY_THROWS_EXCEPTION(nlohmann::json::parse_error, parseJsonLimited("[1, 2"));
        Diagnostics out;
        QVERIFY(!parseJsonText("[1, 2", out));
        QVERIFY2(firstMessage(out).find("not valid JSON") != std::string::npos, firstMessage(out).c_str());
    }

    void numberTooLargeForADoubleIsASyntaxErrorNotACrash() {
        // Found by fuzz_scenario: nlohmann throws out_of_range (not parse_error) for 1e400, which escaped
        // every caller and aborted the program.
        const LoadResult r = parseScenario("{\"name\": \"1e400\",\n \"seed\": 1e400}");
        QCOMPARE(
            firstMessage(r.diagnostics),
            std::string(": line 2, column 10: not valid JSON: number 1e400 is out of range for a double"));
        QVERIFY_THROWS_EXCEPTION(nlohmann::json::parse_error, parseJsonLimited("[-1844674407370955161e308]"));
        // As a --set value it is not JSON, so it is taken as a string, which the loader then refuses.
        nlohmann::json doc = {{"duration_s", 1}};
        QVERIFY(applyOverride(doc, "duration_s=1e400").empty());
        QCOMPARE(doc["duration_s"], nlohmann::json("1e400"));
    }

    void setValueThatIsNeitherJsonNorUtf8IsRefused() {
        // Found by fuzz_set_path: the plain-string fallback kept the bytes, and describing or saving the
        // value later threw nlohmann's type_error 316, which aborted the program.
        nlohmann::json doc = {{"name", "x"}};
        const Diagnostics d = applyOverride(doc, "name=ab\xb5");
        QCOMPARE(firstMessage(d),
                 std::string("name: the value is not valid UTF-8 text at byte 3 (nor JSON)"));
        QCOMPARE(doc["name"], nlohmann::json("x"));
        // Described for a message, such a string (built in code) shows U+FFFD rather than throwing.
        QCOMPARE(describeValue(nlohmann::json(std::string("a\xb5"))), std::string("\"a\xef\xbf\xbd\""));
    }

    void setValueNestedTooDeepIsRefusedAtItsPath() {
        nlohmann::json doc = {{"name", "x"}};
        const Diagnostics d = applyOverride(doc, "name=" + nestedArrays(100'000));
        QCOMPARE(firstMessage(d), std::string("name: value at column 101: nesting deeper than 100 levels "
                                              "of arrays and objects"));
        QCOMPARE(doc["name"], nlohmann::json("x")); // unchanged
    }

    void objectWith100000KeysTakesLinearTime() {
        // Duplicate keys are looked up in a set: a list would make this 5e9 comparisons.
        std::string text = "{";
        for (int i = 0; i < 100'000; ++i)
            text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
        text += ",\"k7\":1}";
        QElapsedTimer timer;
        timer.start();
        Diagnostics out;
        QVERIFY(parseJsonText(text, out));
        QCOMPARE(firstMessage(out),
                 std::string("k7: duplicate key \"k7\" in this object (only the last one would count)"));
        QVERIFY2(timer.elapsed() < 20'000, qPrintable(QString::number(timer.elapsed()) + " ms"));
    }

    void chainOf10000ServicesIsCheckedWithoutDeepRecursion() {
        // s0 -> s1 -> ... -> s9999 -> s0: the cycle check walks the whole chain; run on a thread with a
        // 256 KiB stack, a recursive walk would overflow.
        nlohmann::json doc = {
            {"format", kFormatV1},
            {"name", "chain"},
            {"duration_s", 1},
            {"clients", {{{"name", "c"}, {"target", "s0"}, {"arrival", {{"rate_rps", 1}}}}}},
            {"services", nlohmann::json::array()}};
        const int n = 10'000;
        for (int i = 0; i < n; ++i)
            doc["services"].push_back({{"name", "s" + std::to_string(i)},
                                       {"service_time", {{"dist", "constant"}, {"value_ms", 1}}},
                                       {"calls", {{{"to", "s" + std::to_string((i + 1) % n)}}}}});
        LoadResult r;
        QThread* thread = QThread::create([&] { r = parseScenarioJson(doc); });
        thread->setStackSize(256 * 1024);
        thread->start();
        QVERIFY(thread->wait(60'000));
        delete thread;
        QCOMPARE(r.diagnostics.size(), std::size_t(1));
        const auto& d = r.diagnostics.items().front();
        QCOMPARE(d.path, std::string("services[9999].calls[0].to"));
        QVERIFY(d.message.starts_with("call cycle: s0 -> s1 -> s2 -> "));
        QVERIFY(d.message.ends_with(" -> s9999 -> s0"));
    }
};

QTEST_GUILESS_MAIN(JsonLimits)
#include "tst_json_limits.moc"
