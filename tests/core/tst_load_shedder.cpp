// LoadShedder: the staged rule (the i-th of k unprotected classes is shed at in-flight >= max * i / k),
// protected classes admitted up to the hard limit, exact thresholds, release, events, reconfigure,
#include "core/common/random.h"
#include "core/primitives/load_shedder.h"

#include <QtTest>

using namespace rl;

namespace {
LoadShedderConfig shedderConfig(std::int32_t maxInflight, Priority protect, std::int32_t hardLimit = 0) {
    LoadShedderConfig c;
    c.maxInflight = maxInflight;
    c.protectPriority = protect;
    c.hardLimit = hardLimit;
    return c;
}
void fill(LoadShedder& shedder, int n) {
    for (int i = 0; i < n; ++i)
        QVERIFY(shedder.tryAdmit(TimePoint{0}, Priority::Critical));
}
} // namespace

Q_DECLARE_METATYPE(rl::Priority)

class TestLoadShedder : public QObject {
    Q_OBJECT
private slots:
    void thresholds_data() {
        QTest::addColumn<int>("maxInflight");
        QTest::addColumn<Priority>("protect");
        QTest::addColumn<int>("hardLimit");
        QTest::addColumn<QList<int>>("shedAt"); // low, normal, high, critical
        QTest::newRow("100, protect high") << 100 << Priority::High << 0 << QList<int>{50, 100, 200, 200};
        QTest::newRow("10, protect critical") << 10 << Priority::Critical << 15 << QList<int>{4, 7, 10, 15};
        QTest::newRow("10, protect normal") << 10 << Priority::Normal << 10 << QList<int>{10, 10, 10, 10};
        QTest::newRow("7, protect low: all protected")
            << 7 << Priority::Low << 0 << QList<int>{14, 14, 14, 14};
        QTest::newRow("1, protect critical") << 1 << Priority::Critical << 0 << QList<int>{1, 1, 1, 2};
    }
    void thresholds() {
        QFETCH(int, maxInflight);
        QFETCH(Priority, protect);
        QFETCH(int, hardLimit);
        QFETCH(QList<int>, shedAt);
        LoadShedder shedder(shedderConfig(maxInflight, protect, hardLimit));
        const auto v = shedder.view();
        for (std::size_t p = 0; p < kPriorityCount; ++p)
            QCOMPARE(v.shedAt[p], shedAt[static_cast<qsizetype>(p)]);
    }

    void lowestClassIsShedFirstAtExactThresholds() {
        LoadShedder shedder(shedderConfig(100, Priority::High)); // low at 50, normal at 100, high at 200
        fill(shedder, 49);
        QVERIFY(shedder.tryAdmit(TimePoint{0}, Priority::Low));     // in-flight 49 < 50: admitted -> 50
        QVERIFY(!shedder.tryAdmit(TimePoint{0}, Priority::Low));    // 50: low is shed
        QVERIFY(shedder.tryAdmit(TimePoint{0}, Priority::Normal));  // normal still admitted -> 51
        fill(shedder, 48);                                          // -> 99
        QVERIFY(shedder.tryAdmit(TimePoint{0}, Priority::Normal));  // 99 < 100 -> 100
        QVERIFY(!shedder.tryAdmit(TimePoint{0}, Priority::Normal)); // 100: normal shed
        QVERIFY(shedder.tryAdmit(TimePoint{0}, Priority::High));    // protected: up to 200
        shedder.release(TimePoint{0});                              // 101 -> 100
        shedder.release(TimePoint{0});                              // -> 99
        QVERIFY(shedder.tryAdmit(TimePoint{0}, Priority::Normal));  // below 100 again
        const auto v = shedder.view();
        QCOMPARE(v.admitted[0], std::int64_t{1});
        QCOMPARE(v.shed[0], std::int64_t{1});
        QCOMPARE(v.shed[1], std::int64_t{1});
        QCOMPARE(v.inflight, 100);
    }

    void protectedClassIsAdmittedUpToTheHardLimit() {
        LoadShedder shedder(shedderConfig(10, Priority::High, 15));
        fill(shedder, 14);
        QVERIFY(shedder.tryAdmit(TimePoint{0}, Priority::High));  // 14 < 15 -> 15
        QVERIFY(!shedder.tryAdmit(TimePoint{0}, Priority::High)); // hard limit reached
        QVERIFY(!shedder.tryAdmit(TimePoint{0}, Priority::Critical));
        QCOMPARE(shedder.view().hardLimit, 15);
    }

    void shedIsAnEventWithItsPriority() {
        struct Recorder : EventListener<LoadShedEvent> {
            std::vector<LoadShedEvent> seen;
            void onEvent(const LoadShedEvent& e) override { seen.push_back(e); }
        } recorder;
        LoadShedder shedder(shedderConfig(2, Priority::High));
        shedder.listeners().subscribe(&recorder);
        QVERIFY(shedder.tryAdmit(millis(1), Priority::Low)); // low shed at 1
        QVERIFY(!shedder.tryAdmit(millis(2), Priority::Low));
        QCOMPARE(recorder.seen.size(), std::size_t{1});
        QCOMPARE(recorder.seen[0].priority, Priority::Low);
        QCOMPARE(recorder.seen[0].at, millis(2));
        QCOMPARE(recorder.seen[0].inflight, 1);
    }

    void strayReleaseIsIgnored() {
        LoadShedder shedder(shedderConfig(2, Priority::High));
        shedder.release(TimePoint{0});
        QCOMPARE(shedder.view().inflight, 0);
        QCOMPARE(shedder.view().strayReleases, std::int64_t{1});
    }

    void reconfigureKeepsInflight() {
        LoadShedder shedder(shedderConfig(10, Priority::High)); // low at 5
        fill(shedder, 6);
        QVERIFY(!shedder.tryAdmit(TimePoint{0}, Priority::Low));
        shedder.reconfigure(shedderConfig(20, Priority::High), TimePoint{0}); // low at 10
        QCOMPARE(shedder.view().inflight, 6);
        QVERIFY(shedder.tryAdmit(TimePoint{0}, Priority::Low));
        QCOMPARE(shedder.view().shedAt[0], 10);
    }

    void configErrorsNameTheField() {
        try {
            LoadShedder s(shedderConfig(0, Priority::High));
            QFAIL("no error");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromUtf8(e.what()),
                     QStringLiteral("max_inflight: must be in [1, 10000000], got 0"));
        }
        try {
            LoadShedder s(shedderConfig(10, Priority::High, 5));
            QFAIL("no error");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromStdString(e.field()), QStringLiteral("hard_limit"));
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("got 5")));
        }
    }

    // Property: admissions follow the rule as written in the config's comment, checked in rationals
    // (in-flight * k >= max * i), on random admit/release traces.
    void matchesTheStagedRuleOnRandomTraces() {
        Random rng(31337);
        int shed = 0, admitted = 0;
        for (int trace = 0; trace < 2000; ++trace) {
            const auto maxInflight = static_cast<std::int32_t>(1 + rng.below(30));
            const auto protect = static_cast<Priority>(rng.below(4));
            const auto hard = rng.below(2) == 0 ? 0 : maxInflight + static_cast<std::int32_t>(rng.below(10));
            LoadShedder shedder(shedderConfig(maxInflight, protect, hard));
            const std::int64_t k = static_cast<std::int64_t>(protect);
            const std::int64_t hardLimit = hard == 0 ? 2 * maxInflight : hard;
            std::int64_t inflight = 0;
            for (int step = 0; step < 300; ++step) {
                if (rng.below(5) < 3) {
                    const auto p = static_cast<Priority>(rng.below(4));
                    const std::int64_t i = static_cast<std::int64_t>(p) + 1;
                    const bool unprotected = static_cast<std::int64_t>(p) < k;
                    const bool want = unprotected ? !(inflight * k >= maxInflight * i) : inflight < hardLimit;
                    QCOMPARE(shedder.tryAdmit(TimePoint(step), p), want);
                    if (want)
                        ++inflight, ++admitted;
                    else
                        ++shed;
                } else {
                    shedder.release(TimePoint(step));
                    if (inflight > 0) --inflight;
                }
                QCOMPARE(static_cast<std::int64_t>(shedder.view().inflight), inflight);
            }
        }
        QVERIFY(shed > 5000 && admitted > 5000);
    }
};

QTEST_APPLESS_MAIN(TestLoadShedder)
#include "tst_load_shedder.moc"
