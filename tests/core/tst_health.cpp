// HealthRegistry: aggregation (table-driven), liveness vs readiness, draining, staleness, probes,
// events, config errors, and a property test against a naive model that replays every report.
#include "core/common/random.h"
#include "core/primitives/health.h"

#include <QtTest>

#include <deque>
#include <string>
#include <vector>

using namespace rl;

namespace {

HealthCheckConfig check(std::string name, bool critical = true, bool liveness = false,
                        Duration staleAfter = kNoLimit) {
    HealthCheckConfig c;
    c.name = std::move(name);
    c.critical = critical;
    c.liveness = liveness;
    c.staleAfter = staleAfter;
    return c;
}

HealthStatus parse(const QString& s) {
    return *healthStatusFromName(s.toStdString());
}

struct Recorder : EventListener<HealthEvent> {
    std::vector<std::string> lines;
    void onEvent(const HealthEvent& e) override {
        std::string what = e.kind == HealthEvent::Kind::CheckChanged      ? std::string(e.check)
                           : e.kind == HealthEvent::Kind::LivenessChanged ? std::string("liveness")
                                                                          : std::string("readiness");
        lines.push_back(what + ":" + std::string(healthStatusName(e.from)) + "->" +
                        std::string(healthStatusName(e.to)));
    }
};

} // namespace

class TestHealth : public QObject {
    Q_OBJECT

private slots:
    // Two checks: db (critical) and cache (non-critical).
    void aggregation_data() {
        QTest::addColumn<QString>("db");
        QTest::addColumn<QString>("cache");
        QTest::addColumn<QString>("expected");
        QTest::newRow("all ok") << "ok"
                                << "ok"
                                << "ok";
        QTest::newRow("critical degraded") << "degraded"
                                           << "ok"
                                           << "degraded";
        QTest::newRow("non-critical degraded") << "ok"
                                               << "degraded"
                                               << "degraded";
        QTest::newRow("non-critical unhealthy") << "ok"
                                                << "unhealthy"
                                                << "degraded";
        QTest::newRow("critical unhealthy") << "unhealthy"
                                            << "ok"
                                            << "unhealthy";
        QTest::newRow("both unhealthy") << "unhealthy"
                                        << "unhealthy"
                                        << "unhealthy";
        QTest::newRow("critical degraded, non-critical unhealthy") << "degraded"
                                                                   << "unhealthy"
                                                                   << "degraded";
    }
    void aggregation() {
        QFETCH(QString, db);
        QFETCH(QString, cache);
        QFETCH(QString, expected);
        HealthRegistry r;
        r.add(check("db", true));
        r.add(check("cache", false));
        r.report("db", parse(db), millis(0));
        r.report("cache", parse(cache), millis(0));
        QCOMPARE(r.readiness(millis(1)), parse(expected));
        QCOMPARE(aggregateHealth({{parse(db), true}, {parse(cache), false}}), parse(expected));
        QCOMPARE(healthHttpStatus(r.readiness(millis(1))),
                 expected == QLatin1String("unhealthy") ? 503 : 200);
    }

    void emptyRegistryIsOk() {
        HealthRegistry r;
        QCOMPARE(r.readiness(millis(0)), HealthStatus::Ok);
        QCOMPARE(r.liveness(millis(0)), HealthStatus::Ok);
        QCOMPARE(aggregateHealth({}), HealthStatus::Ok);
    }

    void livenessOnlyCountsLivenessChecks() {
        HealthRegistry r;
        r.add(check("event-loop", true, true)); // liveness: the process itself
        r.add(check("database", true, false));  // readiness only
        r.report("event-loop", HealthStatus::Ok, millis(0));
        r.report("database", HealthStatus::Unhealthy, millis(0), "connection refused");
        QCOMPARE(r.liveness(millis(1)), HealthStatus::Ok);         // do not restart for a database outage
        QCOMPARE(r.readiness(millis(1)), HealthStatus::Unhealthy); // but take no traffic
        r.report("event-loop", HealthStatus::Unhealthy, millis(2), "stuck");
        QCOMPARE(r.liveness(millis(2)), HealthStatus::Unhealthy);
        const auto v = r.view(millis(3));
        QCOMPARE(v.checks.size(), std::size_t{2});
        QCOMPARE(v.checks[1].detail, std::string_view("connection refused"));
    }

    void drainingMakesReadinessUnhealthyOnly() {
        HealthRegistry r;
        r.add(check("app", true, true));
        r.report("app", HealthStatus::Ok, millis(0));
        r.setDraining(true, millis(1));
        QCOMPARE(r.readiness(millis(1)), HealthStatus::Unhealthy);
        QCOMPARE(r.liveness(millis(1)), HealthStatus::Ok);
        QVERIFY(r.view(millis(1)).draining);
        r.setDraining(false, millis(2));
        QCOMPARE(r.readiness(millis(2)), HealthStatus::Ok);
    }

    void staleOrMissingReportsCountAsUnhealthy() {
        HealthRegistry r;
        r.add(check("payments", true, false, millis(1000)));
        QCOMPARE(r.readiness(millis(0)), HealthStatus::Unhealthy); // never reported
        QCOMPARE(r.view(millis(0)).checks[0].detail, std::string_view("no report yet"));
        r.report("payments", HealthStatus::Ok, millis(100));
        QCOMPARE(r.readiness(millis(1099)), HealthStatus::Ok);        // 999 ms old: fine
        QCOMPARE(r.readiness(millis(1100)), HealthStatus::Unhealthy); // 1000 ms old: stale
        const auto v = r.view(millis(1100));
        QVERIFY(v.checks[0].stale);
        QCOMPARE(v.checks[0].reported, HealthStatus::Ok);
        QCOMPARE(v.checks[0].age, millis(1000));
        r.report("payments", HealthStatus::Degraded, millis(1200));
        QCOMPARE(r.readiness(millis(1200)), HealthStatus::Degraded);
        // A stale non-critical check only degrades.
        HealthRegistry r2;
        r2.add(check("search", false, false, millis(10)));
        r2.report("search", HealthStatus::Ok, millis(0));
        QCOMPARE(r2.readiness(millis(10)), HealthStatus::Degraded);
    }

    void probesArePolledByEvaluate() {
        HealthStatus diskStatus = HealthStatus::Ok;
        int polls = 0;
        HealthRegistry r;
        r.add(check("disk", true, true, millis(500)), [&] {
            ++polls;
            return diskStatus;
        });
        QCOMPARE(r.readiness(millis(0)), HealthStatus::Unhealthy); // not polled yet
        auto v = r.evaluate(millis(0));
        QCOMPARE(polls, 1);
        QCOMPARE(v.readiness, HealthStatus::Ok);
        diskStatus = HealthStatus::Degraded;
        QCOMPARE(r.readiness(millis(100)), HealthStatus::Ok); // view / readiness do not poll
        v = r.evaluate(millis(100));
        QCOMPARE(v.liveness, HealthStatus::Degraded);
        QCOMPARE(r.readiness(millis(600)), HealthStatus::Unhealthy); // nobody polled for 500 ms: stale
    }

    void eventsOnChangesOnly() {
        HealthRegistry r;
        Recorder rec;
        r.listeners().subscribe(&rec);
        r.add(check("db", true, true, millis(100)));
        r.report("db", HealthStatus::Ok, millis(0));        // unhealthy (no report) -> ok
        r.report("db", HealthStatus::Ok, millis(10));       // no change: no event
        r.report("db", HealthStatus::Degraded, millis(20)); // ok -> degraded
        r.setDraining(true, millis(30));                    // readiness -> unhealthy
        r.evaluate(millis(120));                            // stale: db -> unhealthy, liveness too
        QCOMPARE(rec.lines,
                 (std::vector<std::string>{"db:unhealthy->ok", // first observation
                                           "db:ok->degraded", "liveness:ok->degraded",
                                           "readiness:ok->degraded", "readiness:degraded->unhealthy",
                                           "db:degraded->unhealthy", "liveness:degraded->unhealthy"}));
    }

    void configErrorsNameTheField() {
        HealthRegistry r;
        try {
            r.add(check(""));
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(e.field(), std::string("name"));
        }
        try {
            r.add(check("x", true, false, Duration{0}));
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(std::string(e.what()), std::string("stale_after_ms: must be > 0, got 0"));
        }
        r.add(check("x"));
        try {
            r.add(check("x"));
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(std::string(e.what()), std::string("name: duplicate check name 'x'"));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, r.report("nope", HealthStatus::Ok, millis(0)));
        QVERIFY_THROWS_EXCEPTION(ConfigError, r.reconfigure(check("nope"), millis(0)));
    }

    void reconfigureChangesCriticality() {
        HealthRegistry r;
        r.add(check("cache", true));
        r.report("cache", HealthStatus::Unhealthy, millis(0));
        QCOMPARE(r.readiness(millis(0)), HealthStatus::Unhealthy);
        r.reconfigure(check("cache", false), millis(1)); // demoted live: now only degrades
        QCOMPARE(r.readiness(millis(1)), HealthStatus::Degraded);
    }

    void statusNames() {
        QCOMPARE(healthStatusName(HealthStatus::Ok), std::string_view("ok"));
        QCOMPARE(healthStatusName(HealthStatus::Degraded), std::string_view("degraded"));
        QCOMPARE(healthStatusName(HealthStatus::Unhealthy), std::string_view("unhealthy"));
        QVERIFY(!healthStatusFromName("up").has_value());
    }

    // Property: the registry agrees with a naive model that keeps every report and recomputes.
    void matchesNaiveModelOnRandomTraces() {
        Random rng(4242);
        for (int trace = 0; trace < 200; ++trace) {
            HealthRegistry r;
            const int n = 1 + static_cast<int>(rng.below(5));
            std::vector<HealthCheckConfig> configs;
            for (int i = 0; i < n; ++i) {
                configs.push_back(check(
                    "c" + std::to_string(i), rng.bernoulli(0.5), rng.bernoulli(0.5),
                    rng.bernoulli(0.3) ? kNoLimit : millis(static_cast<std::int64_t>(1 + rng.below(50)))));
                r.add(configs.back());
            }
            struct Report {
                int check;
                HealthStatus status;
                TimePoint at;
            };
            std::deque<Report> log;
            bool draining = false;
            TimePoint now{0};
            for (int step = 0; step < 200; ++step) {
                now += millis(static_cast<std::int64_t>(rng.below(10)));
                if (rng.bernoulli(0.05)) {
                    draining = !draining;
                    r.setDraining(draining, now);
                } else if (rng.bernoulli(0.6)) {
                    const int c = static_cast<int>(rng.below(static_cast<std::uint64_t>(n)));
                    const auto s = static_cast<HealthStatus>(rng.below(3));
                    r.report(configs[static_cast<std::size_t>(c)].name, s, now);
                    log.push_back({c, s, now});
                }
                auto naive = [&](bool livenessOnly) {
                    bool anyCriticalDown = false, anyProblem = false;
                    for (int c = 0; c < n; ++c) {
                        const auto& cfg = configs[static_cast<std::size_t>(c)];
                        if (livenessOnly && !cfg.liveness) continue;
                        const Report* last = nullptr;
                        for (const auto& rep : log)
                            if (rep.check == c) last = &rep;
                        HealthStatus s = HealthStatus::Unhealthy;
                        if (last && (cfg.staleAfter == kNoLimit || now - last->at < cfg.staleAfter))
                            s = last->status;
                        if (s == HealthStatus::Unhealthy && cfg.critical) anyCriticalDown = true;
                        if (s != HealthStatus::Ok) anyProblem = true;
                    }
                    return anyCriticalDown ? HealthStatus::Unhealthy
                           : anyProblem    ? HealthStatus::Degraded
                                           : HealthStatus::Ok;
                };
                QCOMPARE(r.liveness(now), naive(true));
                QCOMPARE(r.readiness(now), draining ? HealthStatus::Unhealthy : naive(false));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestHealth)
#include "tst_health.moc"
