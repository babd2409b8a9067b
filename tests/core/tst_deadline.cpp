// Deadline: remaining budget, expiry at the instant, child budgets under propagation, per-attempt
// timeouts, overflow safety, config errors, and a property test against a naive model.
#include "core/common/random.h"
#include "core/primitives/deadline.h"

#include <QtTest>

using namespace rl;

class TestDeadline : public QObject {
    Q_OBJECT

private slots:
    void noneNeverExpires() {
        const Deadline d = Deadline::none();
        QVERIFY(!d.isSet());
        QCOMPARE(d.expiresAt(), kNoLimit);
        QVERIFY(!d.expired(seconds(1'000'000)));
        QCOMPARE(d.remaining(seconds(5)), kNoLimit);
        QCOMPARE(d.attemptTimeout(seconds(5), millis(300)), millis(300));
        QCOMPARE(d.attemptTimeout(seconds(5), kNoLimit), kNoLimit);
    }

    void remainingCountsDownAndExpiresAtTheInstant() {
        // A request sent at t=1 s with a 2 s deadline.
        const Deadline d = Deadline::after(seconds(1), seconds(2));
        QVERIFY(d.isSet());
        QCOMPARE(d.expiresAt(), seconds(3));
        QCOMPARE(d.remaining(seconds(1)), seconds(2));
        QCOMPARE(d.remaining(millis(2500)), millis(500));
        QVERIFY(!d.expired(millis(2999)));
        QVERIFY(d.expired(seconds(3))); // at the deadline: expired
        QCOMPARE(d.remaining(seconds(3)), Duration::zero());
        QCOMPARE(d.remaining(seconds(10)), Duration::zero()); // never negative
    }

    void afterSaturatesAndClamps() {
        QVERIFY(!Deadline::after(seconds(1), kNoLimit).isSet());
        QVERIFY(!Deadline::after(seconds(1), kNoLimit - millis(1)).isSet()); // would overflow: none
        const Deadline past = Deadline::after(seconds(1), millis(-5)); // negative budget: already expired
        QVERIFY(past.expired(seconds(1)));
        QCOMPARE(Deadline::at(seconds(4)).expiresAt(), seconds(4));
        QCOMPARE(Deadline::at(kNoLimit), Deadline::none());
    }

    void attemptTimeoutIsBoundedByTheDeadline_data() {
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<qint64>("timeoutMs");
        QTest::addColumn<qint64>("expectedMs");
        // Deadline at 1000 ms.
        QTest::newRow("plenty of budget: the timeout") << qint64(0) << qint64(300) << qint64(300);
        QTest::newRow("budget smaller: the remaining") << qint64(800) << qint64(300) << qint64(200);
        QTest::newRow("equal") << qint64(700) << qint64(300) << qint64(300);
        QTest::newRow("expired: 0") << qint64(1200) << qint64(300) << qint64(0);
    }
    void attemptTimeoutIsBoundedByTheDeadline() {
        QFETCH(qint64, nowMs);
        QFETCH(qint64, timeoutMs);
        QFETCH(qint64, expectedMs);
        QCOMPARE(Deadline::at(millis(1000)).attemptTimeout(millis(nowMs), millis(timeoutMs)),
                 millis(expectedMs));
    }

    void childGetsTheRemainingMinusTheBuffer() {
        DeadlinePropagationConfig c; // buffer 5 ms, minimum 1 ms
        const Deadline parent = Deadline::at(millis(1000));
        const auto child = parent.child(millis(400), c);
        QVERIFY(child.has_value());
        QCOMPARE(child->expiresAt(), millis(995));
        QCOMPARE(child->remaining(millis(400)), millis(595));
        // A grandchild loses another buffer.
        QCOMPARE(child->child(millis(400), c)->expiresAt(), millis(990));
    }

    void deadlineExhaustedBeforeAChildCall_data() {
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<bool>("started");
        // Deadline 1000 ms, buffer 5 ms, minimum budget 10 ms: a child needs remaining - 5 >= 10.
        QTest::newRow("remaining 20: child gets 15") << qint64(980) << true;
        QTest::newRow("remaining 15: child gets exactly the minimum 10") << qint64(985) << true;
        QTest::newRow("remaining 14: 9 < 10, not started") << qint64(986) << false;
        QTest::newRow("remaining 3: less than the buffer") << qint64(997) << false;
        QTest::newRow("expired") << qint64(1500) << false;
    }
    void deadlineExhaustedBeforeAChildCall() {
        QFETCH(qint64, nowMs);
        QFETCH(bool, started);
        DeadlinePropagationConfig c;
        c.buffer = millis(5);
        c.minimumBudget = millis(10);
        const auto child = Deadline::at(millis(1000)).child(millis(nowMs), c);
        QCOMPARE(child.has_value(), started);
        if (started) QCOMPARE(child->expiresAt(), millis(995));
    }

    void childWithoutParentDeadlineHasNone() {
        const auto child = Deadline::none().child(seconds(3), DeadlinePropagationConfig{});
        QVERIFY(child.has_value());
        QVERIFY(!child->isSet());
    }

    void propagationDisabledPassesTheParentUnchanged() {
        DeadlinePropagationConfig c;
        c.enabled = false;
        const Deadline parent = Deadline::at(millis(1000));
        QCOMPARE(parent.child(millis(400), c), std::optional<Deadline>(parent));
        // Even with too little left: nothing is decided by propagation when it is off.
        QCOMPARE(parent.child(millis(999), c), std::optional<Deadline>(parent));
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative buffer") << 0 << QStringLiteral("buffer_ms: must be >= 0, got -1");
        QTest::newRow("zero minimum") << 1 << QStringLiteral("minimum_budget_ms: must be > 0, got 0");
    }
    void configErrorsNameTheField() {
        QFETCH(int, which);
        QFETCH(QString, message);
        DeadlinePropagationConfig c;
        if (which == 0) c.buffer = millis(-1);
        if (which == 1) c.minimumBudget = Duration::zero();
        try {
            c.validate();
            QFAIL("expected a ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromUtf8(e.what()), message);
        }
    }

    // Property: random deadlines, times, buffers and minimums against the arithmetic restated naively
    // in milliseconds as plain integers.
    void propertyMatchesNaiveArithmetic() {
        Random gen(31337);
        for (int i = 0; i < 20000; ++i) {
            const bool set = gen.bernoulli(0.8);
            const auto expiresMs = static_cast<std::int64_t>(gen.below(10000));
            const auto nowMs = static_cast<std::int64_t>(gen.below(12000));
            const auto timeoutMs = static_cast<std::int64_t>(gen.below(5000));
            DeadlinePropagationConfig c;
            c.enabled = gen.bernoulli(0.8);
            c.buffer = millis(static_cast<std::int64_t>(gen.below(50)));
            c.minimumBudget = millis(static_cast<std::int64_t>(1 + gen.below(50)));
            const Deadline d = set ? Deadline::at(millis(expiresMs)) : Deadline::none();
            const TimePoint now = millis(nowMs);

            const std::int64_t remainingMs = set ? std::max<std::int64_t>(0, expiresMs - nowMs) : -1;
            QCOMPARE(d.expired(now), set && nowMs >= expiresMs);
            QCOMPARE(d.remaining(now), set ? millis(remainingMs) : kNoLimit);
            QCOMPARE(d.attemptTimeout(now, millis(timeoutMs)),
                     set ? millis(std::min(timeoutMs, remainingMs)) : millis(timeoutMs));
            const auto child = d.child(now, c);
            if (!c.enabled || !set) {
                QCOMPARE(child, std::optional<Deadline>(d));
            } else {
                const std::int64_t budgetMs = remainingMs - toMillisInt(c.buffer);
                if (budgetMs < toMillisInt(c.minimumBudget)) {
                    QVERIFY(!child.has_value());
                } else {
                    QVERIFY(child.has_value());
                    QCOMPARE(child->expiresAt(), millis(nowMs + budgetMs));
                }
            }
        }
    }

private:
    static std::int64_t toMillisInt(Duration d) { return d.count() / 1'000'000; }
};

QTEST_APPLESS_MAIN(TestDeadline)
#include "tst_deadline.moc"
