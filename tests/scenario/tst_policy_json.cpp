// JSON <-> policy configs: every key read, defaults kept, every mistake reported at its path with a
// clear message, and toJson -> parse giving back the same config (also for thousands of random ones).
#include "core/common/random.h"
#include "core/scenario/json_reader.h"
#include "core/scenario/policy_json.h"

#include <QtTest>

using namespace rl;
using namespace rl::scenario;

namespace {

// JSON written with single quotes in tests (moc cannot read raw string literals).
nlohmann::json J(const char* text) {
    std::string s(text);
    for (char& c : s)
        if (c == '\'') c = '"';
    return nlohmann::json::parse(s);
}

// Parses `value` as policy `kind` at `path`; returns the diagnostics as "path: message" lines and
// whether a config came back.
struct ParseResult {
    bool ok = false;
    QStringList problems;
};
ParseResult parseAs(const QString& kind, const nlohmann::json& value, const std::string& path) {
    Diagnostics d;
    bool ok = false;
    if (kind == "backoff")
        ok = parseBackoff(value, path, d).has_value();
    else if (kind == "retry")
        ok = parseRetry(value, path, d).has_value();
    else if (kind == "circuit_breaker")
        ok = parseCircuitBreaker(value, path, d).has_value();
    else if (kind == "bulkhead")
        ok = parseBulkhead(value, path, d).has_value();
    else if (kind == "rate_limiter")
        ok = parseRateLimiter(value, path, d).has_value();
    else if (kind == "load_shedder")
        ok = parseLoadShedder(value, path, d).has_value();
    else if (kind == "fallback")
        ok = parseFallback(value, path, d).has_value();
    else if (kind == "deadline_propagation")
        ok = parseDeadlinePropagation(value, path, d).has_value();
    else if (kind == "adaptive_timeout")
        ok = parseAdaptiveTimeout(value, path, d).has_value();
    else if (kind == "retry_budget")
        ok = parseRetryBudget(value, path, d).has_value();
    else if (kind == "retry_throttle")
        ok = parseRetryThrottle(value, path, d).has_value();
    else if (kind == "adaptive_throttle")
        ok = parseAdaptiveThrottle(value, path, d).has_value();
    else
        qFatal("unknown kind");
    ParseResult r;
    r.ok = ok;
    for (const auto& item : d.items())
        r.problems << QString::fromStdString(item.toString());
    return r;
}

template <typename C, typename Parse> C mustParse(Parse parse, const nlohmann::json& value) {
    Diagnostics d;
    auto c = parse(value, std::string("x"), d);
    if (!c || !d.empty()) qFatal("unexpected problems: %s", d.toString().c_str());
    return *c;
}

} // namespace

class TestPolicyJson : public QObject {
    Q_OBJECT

private slots:
    // ---- the reader's building blocks ----

    void editDistanceCountsEdits_data() {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("distance");
        QTest::newRow("equal") << "retry"
                               << "retry" << 0;
        QTest::newRow("swap is two edits") << "retyr"
                                           << "retry" << 2;
        QTest::newRow("one missing letter") << "max_attemps"
                                            << "max_attempts" << 1;
        QTest::newRow("case ignored") << "Retry"
                                      << "retry" << 0;
        QTest::newRow("empty") << ""
                               << "abc" << 3;
    }
    void editDistanceCountsEdits() {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, distance);
        QCOMPARE(static_cast<int>(editDistance(a.toStdString(), b.toStdString())), distance);
    }

    void suggestionOnlyForLikelyTypos() {
        const std::vector<std::string_view> keys = {"max_attempts", "backoff", "retry_on"};
        QCOMPARE(suggestName("max_attemps", keys).value_or("-"), std::string("max_attempts"));
        QCOMPARE(suggestName("backof", keys).value_or("-"), std::string("backoff"));
        QVERIFY(!suggestName("colour", keys).has_value()); // nothing close: no wild guess
    }

    void pathsJoin() {
        QCOMPARE(childPath("", "retry"), std::string("retry"));
        QCOMPARE(childPath("services[1]", "calls"), std::string("services[1].calls"));
        QCOMPARE(indexPath("services[1].calls", 0), std::string("services[1].calls[0]"));
    }

    void readerReportsTypesRangesAndUnknownKeys_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("number as string")
            << "{'n': 'abc'}" << QStringList{"p.n: expected a number, got \"abc\""};
        QTest::newRow("whole number expected")
            << "{'i': 2.5}" << QStringList{"p.i: expected a whole number, got 2.5"};
        QTest::newRow("integer out of range")
            << "{'i': 1e12}" << QStringList{"p.i: must be in [-2147483648, 2147483647], got 1000000000000"};
        QTest::newRow("integer beyond int64")
            << "{'i': 18446744073709551615}"
            << QStringList{"p.i: must be in [-2147483648, 2147483647], got 18446744073709551615"};
        QTest::newRow("bool") << "{'b': 1}" << QStringList{"p.b: expected true or false, got 1"};
        QTest::newRow("string") << "{'s': 5}" << QStringList{"p.s: expected a string, got 5"};
        QTest::newRow("negative where >= 0") << "{'n': -1}" << QStringList{"p.n: must be >= 0, got -1"};
        QTest::newRow("huge duration")
            << "{'d_ms': 1e300}"
            << QStringList{
                   "p.d_ms: too large: a duration must fit in int64 nanoseconds (at most 9200000000000 ms), "
                   "got 1e+300"};
        QTest::newRow("unknown key with suggestion")
            << "{'d_sm': 1}" << QStringList{"p.d_sm: unknown key \"d_sm\"; did you mean \"d_ms\"?"};
        QTest::newRow("unknown key without a close match")
            << "{'zzzzzzzz': 1}"
            << QStringList{
                   "p.zzzzzzzz: unknown key \"zzzzzzzz\"; expected one of: \"n\", \"i\", \"b\", \"s\", "
                   "\"d_ms\", \"c\""};
        QTest::newRow("bad choice") << "{'c': 'bleu'}"
                                    << QStringList{
                                           "p.c: expected one of \"red\", \"blue\", got \"bleu\"; did you "
                                           "mean \"blue\"?"};
        QTest::newRow("all at once") << "{'n': 'x', 'b': 'y'}"
                                     << QStringList{"p.n: expected a number, got \"x\"",
                                                    "p.b: expected true or false, got \"y\""};
    }
    void readerReportsTypesRangesAndUnknownKeys() {
        QFETCH(QString, json);
        QFETCH(QStringList, expected);
        Diagnostics d;
        const auto value = J(json.toUtf8().constData());
        JsonReader r(value, "p", d, {"n", "i", "b", "s", "d_ms", "c"});
        double n = 0;
        std::int32_t i = 0;
        bool b = false;
        std::string s;
        Duration dur{};
        int c = 0;
        r.readNumber("n", n, Bound::NonNegative);
        r.readInt32("i", i);
        r.readBool("b", b);
        r.readString("s", s);
        r.readMillis("d_ms", dur, Bound::Positive);
        r.readChoice("c", c, {{"red", 1}, {"blue", 2}});
        QStringList got;
        for (const auto& item : d.items())
            got << QString::fromStdString(item.toString());
        QCOMPARE(got, expected);
        QVERIFY(r.failed());
    }

    void readerKeepsDefaultsWhenAbsentAndConvertsDurations() {
        Diagnostics d;
        const auto value = J("{'a_ms': 1.5, 'b_s': 2}");
        JsonReader r(value, "", d, {"a_ms", "b_s", "c_ms"});
        Duration a{}, b{}, c = millis(7);
        QVERIFY(r.readMillis("a_ms", a, Bound::Positive));
        QVERIFY(r.readSeconds("b_s", b, Bound::Positive));
        QVERIFY(r.readMillis("c_ms", c, Bound::Positive)); // absent: unchanged
        QCOMPARE(a.count(), std::int64_t{1'500'000});
        QCOMPARE(b, seconds(2));
        QCOMPARE(c, millis(7));
        QVERIFY(d.empty());
    }

    void notAnObjectIsReportedAtItsPath() {
        const auto r = parseAs("retry", J("[1]"), "clients[0].retry");
        QVERIFY(!r.ok);
        QCOMPARE(r.problems, QStringList{"clients[0].retry: expected an object, got [1]"});
    }

    // ---- every policy: mistakes named at their path ----

    void mistakesAreNamedAtTheirPath_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("json");
        QTest::addColumn<QStringList>("expected");
        const QString p = "services[1].calls[0].";
        QTest::newRow("retry max_attempts 0")
            << "retry"
            << "{'max_attempts': 0}" << QStringList{p + "retry.max_attempts: must be in [1, 100], got 0"};
        QTest::newRow("retry misspelled key")
            << "retry"
            << "{'max_attemps': 2}"
            << QStringList{p +
                           "retry.max_attemps: unknown key \"max_attemps\"; did you mean \"max_attempts\"?"};
        QTest::newRow("retry unknown outcome")
            << "retry"
            << "{'retry_on': ['timeout', 'timout']}"
            << QStringList{p +
                           "retry.retry_on[1]: expected one of \"success\", \"degraded\", \"error\", "
                           "\"timeout\", \"rate_limited\", \"shed\", \"bulkhead_full\", \"circuit_open\", "
                           "\"rejected\", \"client_error\", got \"timout\"; did you mean \"timeout\"?"};
        QTest::newRow("retry on success")
            << "retry"
            << "{'retry_on': ['success']}"
            << QStringList{p + "retry.retry_on: must list failure outcomes only, got success or degraded"};
        QTest::newRow("retry_on not a list")
            << "retry"
            << "{'retry_on': 'timeout'}"
            << QStringList{p + "retry.retry_on: expected a list of outcome names, got \"timeout\""};
        QTest::newRow("backoff nested path")
            << "retry"
            << "{'backoff': {'kind': 'exponential', 'base_ms': -1}}"
            << QStringList{p + "retry.backoff.base_ms: must be >= 0, got -1"};
        QTest::newRow("backoff kind typo")
            << "retry"
            << "{'backoff': {'kind': 'exponentail'}}"
            << QStringList{p + "retry.backoff.kind: expected one of \"none\", \"fixed\", \"linear\", "
                               "\"exponential\", got \"exponentail\"; did you mean \"exponential\"?"};
        QTest::newRow("backoff max below base")
            << "backoff"
            << "{'base_ms': 500, 'max_ms': 100}"
            << QStringList{p + "backoff.max_ms: must be >= base_ms (500), got 100"};
        QTest::newRow("backoff max below base, max not set")
            << "backoff"
            << "{'base_ms': 20000}"
            << QStringList{p +
                           "backoff.max_ms: must be >= base_ms (20000), got 10000 (the default: max_ms is "
                           "not set)"};
        QTest::newRow("mistyped base: no follow-up complaint about max below the default base")
            << "backoff"
            << "{'base_ms': 'x', 'max_ms': 50}"
            << QStringList{p + "backoff.base_ms: expected a number, got \"x\""};
        QTest::newRow("backoff multiplier and fraction both wrong")
            << "backoff"
            << "{'multiplier': 0.5, 'jitter_fraction': 2}"
            << QStringList{p + "backoff.multiplier: must be in [1, 1000], got 0.5",
                           p + "backoff.jitter_fraction: must be in [0, 1], got 2"};
        QTest::newRow("breaker rate above 1 and window 0: both reported")
            << "circuit_breaker"
            << "{'window_size': 0, 'failure_rate_threshold': 1.5}"
            << QStringList{p + "circuit_breaker.window_size: must be in [1, 100000], got 0",
                           p + "circuit_breaker.failure_rate_threshold: must be in (0, 1], got 1.5"};
        QTest::newRow("breaker window typo")
            << "circuit_breaker"
            << "{'window': 'consecutve'}"
            << QStringList{
                   p + "circuit_breaker.window: expected one of \"consecutive\", \"count\", \"time\", got "
                       "\"consecutve\"; did you mean \"consecutive\"?"};
        QTest::newRow("breaker open duration 0")
            << "circuit_breaker"
            << "{'open_duration_ms': 0}"
            << QStringList{p + "circuit_breaker.open_duration_ms: must be > 0, got 0"};
        QTest::newRow("breaker open duration 1e300")
            << "circuit_breaker"
            << "{'open_duration_ms': 1e300}"
            << QStringList{p + "circuit_breaker.open_duration_ms: too large: a duration must fit in int64 "
                               "nanoseconds (at most 9200000000000 ms), got 1e+300"};
        QTest::newRow("breaker max open below open")
            << "circuit_breaker"
            << "{'open_duration_ms': 5000, 'max_open_duration_ms': 1000}"
            << QStringList{
                   p + "circuit_breaker.max_open_duration_ms: must be >= open_duration_ms (5000), got 1000"};
        QTest::newRow("breaker half_open_calls as text")
            << "circuit_breaker"
            << "{'half_open_calls': 'three'}"
            << QStringList{p + "circuit_breaker.half_open_calls: expected a number, got \"three\""};
        QTest::newRow("bulkhead negative queue")
            << "bulkhead"
            << "{'max_concurrent': 0, 'max_queue': -1}"
            << QStringList{p + "bulkhead.max_concurrent: must be in [1, 1000000], got 0",
                           p + "bulkhead.max_queue: must be in [0, 1000000], got -1"};
        QTest::newRow("bulkhead max wait 0")
            << "bulkhead"
            << "{'max_wait_ms': 0}" << QStringList{p + "bulkhead.max_wait_ms: must be > 0, got 0"};
        QTest::newRow("rate limiter kind typo")
            << "rate_limiter"
            << "{'kind': 'token-bucket'}"
            << QStringList{p +
                           "rate_limiter.kind: expected one of \"token_bucket\", \"fixed_window\", "
                           "\"sliding_log\", \"sliding_window_counter\", got \"token-bucket\"; did you mean "
                           "\"token_bucket\"?"};
        QTest::newRow("rate limiter rate 0 and burst 0.5")
            << "rate_limiter"
            << "{'rate_per_s': 0, 'burst': 0.5}"
            << QStringList{p + "rate_limiter.rate_per_s: must be > 0, got 0",
                           p + "rate_limiter.burst: must be >= 1, got 0.5"};
        QTest::newRow("rate limiter per")
            << "rate_limiter"
            << "{'per': 'user'}"
            << QStringList{p + "rate_limiter.per: expected one of \"global\", \"tenant\", got \"user\""};
        QTest::newRow("rate limiter eviction 0")
            << "rate_limiter"
            << "{'idle_eviction_s': 0}"
            << QStringList{p + "rate_limiter.idle_eviction_s: must be > 0, got 0"};
        QTest::newRow("load shedder hard limit")
            << "load_shedder"
            << "{'max_inflight': 100, 'hard_limit': 50}"
            << QStringList{
                   p + "load_shedder.hard_limit: must be 0 (= 2 x max_inflight) or >= max_inflight (100), "
                       "got 50"};
        QTest::newRow("load shedder priority typo")
            << "load_shedder"
            << "{'protect_priority': 'hihg'}"
            << QStringList{p +
                           "load_shedder.protect_priority: expected one of \"low\", \"normal\", \"high\", "
                           "\"critical\", got \"hihg\"; did you mean \"high\"?"};
        QTest::newRow("fallback ttl negative")
            << "fallback"
            << "{'ttl_s': -1, 'max_entries': 0}"
            << QStringList{p + "fallback.ttl_s: must be > 0, got -1",
                           p + "fallback.max_entries: must be in [1, 10000000], got 0"};
        QTest::newRow("fallback serve_stale not bool")
            << "fallback"
            << "{'serve_stale': 'yes'}"
            << QStringList{p + "fallback.serve_stale: expected true or false, got \"yes\""};
        QTest::newRow("deadline buffer negative")
            << "deadline_propagation"
            << "{'buffer_ms': -5, 'minimum_budget_ms': 0}"
            << QStringList{p + "deadline_propagation.buffer_ms: must be >= 0, got -5",
                           p + "deadline_propagation.minimum_budget_ms: must be > 0, got 0"};
        QTest::newRow("adaptive percentile 1")
            << "adaptive_timeout"
            << "{'percentile': 1}"
            << QStringList{p + "adaptive_timeout.percentile: must be in (0, 1), got 1"};
        QTest::newRow("adaptive initial outside")
            << "adaptive_timeout"
            << "{'min_ms': 100, 'max_ms': 200, 'initial_ms': 500}"
            << QStringList{p +
                           "adaptive_timeout.initial_ms: must be in [min_ms, max_ms] = [100, 200], got 500"};
        QTest::newRow("adaptive samples above window")
            << "adaptive_timeout"
            << "{'window': 10, 'minimum_samples': 20}"
            << QStringList{p + "adaptive_timeout.minimum_samples: must be in [1, 10], got 20"};
    }
    void mistakesAreNamedAtTheirPath() {
        QFETCH(QString, kind);
        QFETCH(QString, json);
        QFETCH(QStringList, expected);
        const std::string path = "services[1].calls[0]." + kind.toStdString();
        const auto r = parseAs(kind, J(json.toUtf8().constData()), path);
        QCOMPARE(r.problems, expected);
        QVERIFY(!r.ok);
    }

    void topLevelConfigHasNoLeadingDot() {
        // Trace drivers pass "" as the path: messages start with the key.
        const auto r = parseAs("bulkhead", J("{'max_concurent': 3}"), "");
        QCOMPARE(
            r.problems,
            QStringList{"max_concurent: unknown key \"max_concurent\"; did you mean \"max_concurrent\"?"});
    }

    // ---- every key read ----

    void emptyObjectGivesDefaults() {
        for (const char* kind : {"backoff", "retry", "circuit_breaker", "bulkhead", "rate_limiter",
                                 "load_shedder", "fallback", "deadline_propagation", "adaptive_timeout"}) {
            const auto r = parseAs(kind, nlohmann::json::object(), "");
            QVERIFY2(r.ok && r.problems.isEmpty(), kind);
        }
        const auto cb = mustParse<CircuitBreakerConfig>(parseCircuitBreaker, nlohmann::json::object());
        QCOMPARE(cb.windowSize, CircuitBreakerConfig{}.windowSize);
        QCOMPARE(cb.openDuration, CircuitBreakerConfig{}.openDuration);
    }

    void circuitBreakerReadsEveryKey() {
        const auto c = mustParse<CircuitBreakerConfig>(
            parseCircuitBreaker,
            J("{'window': 'time', 'window_size': 30, 'failure_threshold': 7, 'failure_rate_threshold': 0.25,"
              " 'minimum_calls': 12, 'slow_call_ms': 800, 'slow_call_rate_threshold': 0.75,"
              " 'open_duration_ms': 1500.5, 'open_duration_multiplier': 2, 'max_open_duration_ms': 60000,"
              " 'half_open_calls': 4, 'max_half_open_ms': 9000}"));
        QCOMPARE(c.window, BreakerWindow::Time);
        QCOMPARE(c.windowSize, 30);
        QCOMPARE(c.failureThreshold, 7);
        QCOMPARE(c.failureRateThreshold, 0.25);
        QCOMPARE(c.minimumCalls, 12);
        QCOMPARE(c.slowCall, millis(800));
        QCOMPARE(c.slowCallRateThreshold, 0.75);
        QCOMPARE(c.openDuration.count(), std::int64_t{1'500'500'000});
        QCOMPARE(c.openDurationMultiplier, 2.0);
        QCOMPARE(c.maxOpenDuration, millis(60000));
        QCOMPARE(c.halfOpenCalls, 4);
        QCOMPARE(c.maxHalfOpen, millis(9000));
    }

    void retryAndBackoffReadEveryKey() {
        const auto c = mustParse<RetryConfig>(
            parseRetry, J("{'max_attempts': 5, 'backoff': {'kind': 'linear', 'base_ms': 20, 'multiplier': 3,"
                          " 'max_ms': 900, 'jitter': 'proportional', 'jitter_fraction': 0.1},"
                          " 'retry_on': ['timeout', 'circuit_open'], 'honor_retry_after': false,"
                          " 'max_retry_after_ms': 3000}"));
        QCOMPARE(c.maxAttempts, 5);
        QCOMPARE(c.backoff.kind, BackoffKind::Linear);
        QCOMPARE(c.backoff.base, millis(20));
        QCOMPARE(c.backoff.multiplier, 3.0);
        QCOMPARE(c.backoff.max, millis(900));
        QCOMPARE(c.backoff.jitter, JitterKind::Proportional);
        QCOMPARE(c.backoff.jitterFraction, 0.1);
        QVERIFY(c.retryOn == (OutcomeSet{Outcome::Timeout, Outcome::CircuitOpen}));
        QCOMPARE(c.honorRetryAfter, false);
        QCOMPARE(c.maxRetryAfter, millis(3000));
    }

    void otherPoliciesReadEveryKey() {
        const auto b = mustParse<BulkheadConfig>(
            parseBulkhead, J("{'max_concurrent': 4, 'max_queue': 9, 'max_wait_ms': 250}"));
        QCOMPARE(b.maxConcurrent, 4);
        QCOMPARE(b.maxQueue, 9);
        QCOMPARE(b.maxWait, millis(250));
        const auto rl = mustParse<RateLimiterConfig>(
            parseRateLimiter,
            J("{'kind': 'sliding_window_counter', 'rate_per_s': 50, 'burst': 10, 'limit': 7,"
              " 'window_ms': 250, 'per': 'tenant', 'max_keys': 99, 'idle_eviction_s': 30}"));
        QCOMPARE(rl.kind, RateLimiterKind::SlidingWindowCounter);
        QCOMPARE(rl.ratePerSecond, 50.0);
        QCOMPARE(rl.burst, 10.0);
        QCOMPARE(rl.limit, 7);
        QCOMPARE(rl.window, millis(250));
        QCOMPARE(rl.per, RateLimitScope::Tenant);
        QCOMPARE(rl.maxKeys, 99);
        QCOMPARE(rl.idleEviction, seconds(30));
        const auto ls = mustParse<LoadShedderConfig>(
            parseLoadShedder, J("{'max_inflight': 40, 'protect_priority': 'critical', 'hard_limit': 60}"));
        QCOMPARE(ls.maxInflight, 40);
        QCOMPARE(ls.protectPriority, Priority::Critical);
        QCOMPARE(ls.hardLimit, 60);
        const auto f = mustParse<FallbackConfig>(
            parseFallback,
            J("{'kind': 'static', 'ttl_s': 0.5, 'serve_stale': true, 'max_stale_s': 30, 'max_entries': 3}"));
        QCOMPARE(f.kind, FallbackKind::Static);
        QCOMPARE(f.ttl, millis(500));
        QCOMPARE(f.serveStale, true);
        QCOMPARE(f.maxStale, seconds(30));
        QCOMPARE(f.maxEntries, 3);
        QCOMPARE(toJson(mustParse<FallbackConfig>(parseFallback, toJson(f))), toJson(f));
        QCOMPARE(toJson(f)["max_stale_s"], nlohmann::ordered_json(30));
        const auto dp = mustParse<DeadlinePropagationConfig>(
            parseDeadlinePropagation, J("{'enabled': false, 'buffer_ms': 0, 'minimum_budget_ms': 2.5}"));
        QCOMPARE(dp.enabled, false);
        QCOMPARE(dp.buffer, Duration{0});
        QCOMPARE(dp.minimumBudget.count(), std::int64_t{2'500'000});
        const auto at = mustParse<AdaptiveTimeoutConfig>(
            parseAdaptiveTimeout,
            J("{'percentile': 0.9, 'factor': 2, 'min_ms': 5, 'max_ms': 500, 'initial_ms': 50,"
              " 'window': 200, 'minimum_samples': 10}"));
        QCOMPARE(at.percentile, 0.9);
        QCOMPARE(at.factor, 2.0);
        QCOMPARE(at.min, millis(5));
        QCOMPARE(at.max, millis(500));
        QCOMPARE(at.initial, millis(50));
        QCOMPARE(at.window, 200);
        QCOMPARE(at.minimumSamples, 10);
    }

    // ---- writing back ----

    void toJsonWritesOnlyWhatDiffersFromDefaults() {
        CircuitBreakerConfig c;
        c.windowSize = 20;
        c.openDuration = millis(10000);
        QCOMPARE(toJson(c).dump(),
                 std::string("{\"window\":\"count\",\"window_size\":20,\"open_duration_ms\":10000}"));
        BackoffConfig b;
        b.base = Duration(1'500'000);
        QCOMPARE(toJson(b).dump(), std::string("{\"kind\":\"exponential\",\"base_ms\":1.5}"));
        FallbackConfig f;
        f.ttl = millis(1500);
        QCOMPARE(toJson(f).dump(), std::string("{\"kind\":\"cache\",\"ttl_s\":1.5}"));
    }

    // Property: a random valid config, written and read back, is the same config (compared key by key
    // through a second toJson, and field by field for the fields that toJson might drop).
    void randomConfigsRoundTrip() {
        Random rng(20261126);
        auto ms = [&](std::int64_t lo, std::int64_t hi) {
            // whole or fractional milliseconds, sometimes sub-millisecond nanosecond counts
            const auto n = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(hi - lo))) + lo;
            return rng.bernoulli(0.3)
                       ? Duration(n * 1'000'000 + static_cast<std::int64_t>(rng.below(1'000'000)))
                       : millis(n);
        };
        auto frac = [&](double lo, double hi) {
            return rng.bernoulli(0.5) ? rng.uniform(lo, hi) : std::round(rng.uniform(lo, hi) * 100) / 100;
        };
        for (int i = 0; i < 3000; ++i) {
            CircuitBreakerConfig cb;
            cb.window = static_cast<BreakerWindow>(rng.below(3));
            cb.windowSize = static_cast<std::int32_t>(1 + rng.below(1000));
            cb.failureThreshold = static_cast<std::int32_t>(1 + rng.below(50));
            cb.failureRateThreshold = std::max(0.01, frac(0.01, 1.0));
            cb.minimumCalls = static_cast<std::int32_t>(1 + rng.below(200));
            if (rng.bernoulli(0.5)) cb.slowCall = ms(1, 5000);
            cb.slowCallRateThreshold = std::max(0.01, frac(0.01, 1.0));
            cb.openDuration = ms(1, 100000);
            cb.openDurationMultiplier = frac(1.0, 10.0);
            if (rng.bernoulli(0.5)) cb.maxOpenDuration = cb.openDuration + ms(0, 100000);
            cb.halfOpenCalls = static_cast<std::int32_t>(1 + rng.below(20));
            if (rng.bernoulli(0.5)) cb.maxHalfOpen = ms(1, 100000);
            const auto cbBack = mustParse<CircuitBreakerConfig>(parseCircuitBreaker, toJson(cb));
            QCOMPARE(toJson(cbBack), toJson(cb));
            QCOMPARE(cbBack.openDuration, cb.openDuration);
            QCOMPARE(cbBack.slowCall, cb.slowCall);
            QCOMPARE(cbBack.failureRateThreshold, cb.failureRateThreshold);

            RetryConfig r;
            r.maxAttempts = static_cast<std::int32_t>(1 + rng.below(100));
            r.backoff.kind = static_cast<BackoffKind>(rng.below(4));
            r.backoff.base = ms(0, 1000);
            r.backoff.multiplier = frac(1.0, 5.0);
            r.backoff.max = r.backoff.base + ms(0, 60000);
            r.backoff.jitter = static_cast<JitterKind>(rng.below(5));
            r.backoff.jitterFraction = frac(0.0, 1.0);
            r.retryOn = OutcomeSet{};
            for (std::size_t o = 2; o < kOutcomeCount; ++o)
                if (rng.bernoulli(0.5)) r.retryOn.insert(static_cast<Outcome>(o));
            r.honorRetryAfter = rng.bernoulli(0.5);
            if (rng.bernoulli(0.5)) r.maxRetryAfter = ms(1, 100000);
            const auto rBack = mustParse<RetryConfig>(parseRetry, toJson(r));
            QCOMPARE(toJson(rBack), toJson(r));
            QVERIFY(rBack.retryOn == r.retryOn);
            QCOMPARE(rBack.backoff.base, r.backoff.base);
            QCOMPARE(rBack.backoff.jitterFraction, r.backoff.jitterFraction);

            RateLimiterConfig l;
            l.kind = static_cast<RateLimiterKind>(rng.below(4));
            l.ratePerSecond = std::max(0.01, frac(0.01, 10000));
            l.burst = frac(1.0, 1000);
            l.limit = static_cast<std::int32_t>(1 + rng.below(10000));
            l.window = ms(1, 60000);
            l.per = static_cast<RateLimitScope>(rng.below(2));
            l.maxKeys = static_cast<std::int32_t>(1 + rng.below(100000));
            l.idleEviction = ms(1, 1000000);
            const auto lBack = mustParse<RateLimiterConfig>(parseRateLimiter, toJson(l));
            QCOMPARE(toJson(lBack), toJson(l));
            QCOMPARE(lBack.idleEviction, l.idleEviction);
            QCOMPARE(lBack.burst, l.burst);

            AdaptiveTimeoutConfig a;
            a.percentile = std::clamp(frac(0.01, 0.99), 0.01, 0.99);
            a.factor = frac(1.0, 5.0);
            a.min = ms(1, 100);
            a.max = a.min + ms(0, 10000);
            a.initial = a.min + (a.max - a.min) / 2;
            a.window = static_cast<std::int32_t>(10 + rng.below(10000));
            a.minimumSamples = static_cast<std::int32_t>(1 + rng.below(static_cast<std::uint64_t>(a.window)));
            const auto aBack = mustParse<AdaptiveTimeoutConfig>(parseAdaptiveTimeout, toJson(a));
            QCOMPARE(toJson(aBack), toJson(a));
            QCOMPARE(aBack.initial, a.initial);
        }
    }

    // The retry-budget family: every key read, each range problem at its path (all at once), and random
    // configs written and read back unchanged, with every key of keys:: written when nothing is default.
    void retryBudgetFamilyReadsEveryKeyAndReportsAtPath() {
        for (const char* kind : {"retry_budget", "retry_throttle", "adaptive_throttle"}) {
            const auto r = parseAs(kind, nlohmann::json::object(), "");
            QVERIFY2(r.ok && r.problems.isEmpty(), kind);
        }
        const auto b = mustParse<RetryBudgetConfig>(parseRetryBudget,
                                                    J("{'budget_percent': 50, 'min_retry_concurrency': 1}"));
        QCOMPARE(b.budgetPercent, 50.0);
        QCOMPARE(b.minRetryConcurrency, 1);
        const auto t =
            mustParse<RetryThrottleConfig>(parseRetryThrottle, J("{'max_tokens': 5, 'token_ratio': 0.5}"));
        QCOMPARE(t.maxTokens, 5);
        QCOMPARE(t.tokenRatio, 0.5);
        const auto a =
            mustParse<AdaptiveThrottleConfig>(parseAdaptiveThrottle, J("{'k': 1.5, 'window_s': 60}"));
        QCOMPARE(a.k, 1.5);
        QCOMPARE(a.windowSeconds, 60);
        // step: two bad ranges -> both reported, each at path + key; a typo -> did you mean
        auto r = parseAs("retry_throttle", J("{'max_tokens': 0, 'token_ratio': 0}"), "p");
        QVERIFY(!r.ok);
        QCOMPARE(r.problems, QStringList({QStringLiteral("p.max_tokens: must be in [1, 1000], got 0"),
                                          QStringLiteral("p.token_ratio: must be in [0.001, 1000], got 0")}));
        r = parseAs("retry_budget", J("{'budget_percent': 120, 'min_retry_concurency': 1}"), "");
        QVERIFY(!r.ok);
        QVERIFY2(
            r.problems.join('\n').contains(QStringLiteral("budget_percent: must be in [0, 100], got 120")),
            qPrintable(r.problems.join('\n')));
        QVERIFY2(r.problems.join('\n').contains(QStringLiteral("did you mean \"min_retry_concurrency\"")),
                 qPrintable(r.problems.join('\n')));
        r = parseAs("adaptive_throttle", J("{'k': 'two', 'window_s': 0}"), "");
        QCOMPARE(r.problems, QStringList({QStringLiteral("k: expected a number, got \"two\""),
                                          QStringLiteral("window_s: must be in [1, 3600], got 0")}));
    }

    void retryBudgetFamilyRoundTrips() {
        Random rng(7);
        auto frac = [&](double lo, double hi) {
            return rng.bernoulli(0.5) ? rng.uniform(lo, hi) : std::round(rng.uniform(lo, hi) * 100) / 100;
        };
        auto keysOf = [](const nlohmann::ordered_json& j) {
            std::vector<std::string_view> out;
            for (auto it = j.begin(); it != j.end(); ++it)
                out.push_back(it.key());
            return out;
        };
        for (int i = 0; i < 2000; ++i) {
            RetryBudgetConfig b;
            b.budgetPercent = frac(0.0, 100.0);
            b.minRetryConcurrency = static_cast<std::int32_t>(rng.below(100001));
            const auto bBack = mustParse<RetryBudgetConfig>(parseRetryBudget, toJson(b));
            QCOMPARE(bBack.budgetPercent, b.budgetPercent);
            QCOMPARE(bBack.minRetryConcurrency, b.minRetryConcurrency);
            QCOMPARE(toJson(bBack), toJson(b));

            RetryThrottleConfig t;
            t.maxTokens = static_cast<std::int32_t>(1 + rng.below(1000));
            t.tokenRatio = std::round(std::max(0.001, frac(0.001, 1000.0)) * 1000) / 1000;
            const auto tBack = mustParse<RetryThrottleConfig>(parseRetryThrottle, toJson(t));
            QCOMPARE(tBack.maxTokens, t.maxTokens);
            QCOMPARE(tBack.tokenRatio, t.tokenRatio);
            QCOMPARE(toJson(tBack), toJson(t));

            AdaptiveThrottleConfig a;
            a.k = frac(1.0, 100.0);
            a.windowSeconds = static_cast<std::int32_t>(1 + rng.below(3600));
            const auto aBack = mustParse<AdaptiveThrottleConfig>(parseAdaptiveThrottle, toJson(a));
            QCOMPARE(aBack.k, a.k);
            QCOMPARE(aBack.windowSeconds, a.windowSeconds);
            QCOMPARE(toJson(aBack), toJson(a));
        }
        // Defaults write nothing; every key written when nothing is default, in keys:: order.
        QCOMPARE(toJson(RetryBudgetConfig{}).dump(), std::string("{}"));
        QCOMPARE(toJson(RetryThrottleConfig{}).dump(), std::string("{}"));
        QCOMPARE(toJson(AdaptiveThrottleConfig{}).dump(), std::string("{}"));
        QVERIFY(keysOf(toJson(RetryBudgetConfig{50, 1})) == keys::kRetryBudget);
        QVERIFY(keysOf(toJson(RetryThrottleConfig{5, 0.5})) == keys::kRetryThrottle);
        QVERIFY(keysOf(toJson(AdaptiveThrottleConfig{1.5, 60})) == keys::kAdaptiveThrottle);
    }

    void fixedPoliciesRoundTrip() {
        BulkheadConfig b;
        b.maxConcurrent = 3;
        b.maxQueue = 5;
        b.maxWait = Duration(1'234'567);
        QCOMPARE(toJson(mustParse<BulkheadConfig>(parseBulkhead, toJson(b))), toJson(b));
        QCOMPARE(mustParse<BulkheadConfig>(parseBulkhead, toJson(b)).maxWait, b.maxWait);
        LoadShedderConfig s;
        s.maxInflight = 7;
        s.protectPriority = Priority::Low;
        s.hardLimit = 9;
        QCOMPARE(toJson(mustParse<LoadShedderConfig>(parseLoadShedder, toJson(s))), toJson(s));
        FallbackConfig f;
        f.kind = FallbackKind::Static;
        f.ttl = Duration(3);
        f.serveStale = true;
        f.maxEntries = 2;
        QCOMPARE(mustParse<FallbackConfig>(parseFallback, toJson(f)).ttl, f.ttl);
        QCOMPARE(toJson(mustParse<FallbackConfig>(parseFallback, toJson(f))), toJson(f));
        DeadlinePropagationConfig d;
        d.enabled = false;
        d.buffer = Duration(0);
        d.minimumBudget = millis(3);
        QCOMPARE(toJson(mustParse<DeadlinePropagationConfig>(parseDeadlinePropagation, toJson(d))),
                 toJson(d));
    }
};

QTEST_APPLESS_MAIN(TestPolicyJson)
#include "tst_policy_json.moc"
