// The event list orders by (time, insertion sequence): ties run in scheduling order, always.
#include "core/common/random.h"
#include "core/sim/event_queue.h"

#include <QtTest>

#include <algorithm>
#include <vector>

using namespace rl;
using namespace rl::sim;

class EventQueueTest : public QObject {
    Q_OBJECT

private slots:
    void ordersByTimeThenSequence() {
        EventQueue q;
        q.push(TimePoint(30), EventKind::WorkDone, 1);
        q.push(TimePoint(10), EventKind::WorkDone, 2);
        q.push(TimePoint(30), EventKind::WorkDone, 3);
        q.push(TimePoint(10), EventKind::WorkDone, 4);
        std::vector<std::uint32_t> order;
        while (!q.empty())
            order.push_back(q.pop().index);
        QCOMPARE(order, (std::vector<std::uint32_t>{2, 4, 1, 3}));
    }

    void matchesAStableSortOnRandomInput() {
        Random rng(5);
        EventQueue q;
        std::vector<std::pair<std::int64_t, std::uint32_t>> reference;
        for (std::uint32_t i = 0; i < 5000; ++i) {
            const auto t = static_cast<std::int64_t>(rng.below(50)); // many ties
            q.push(TimePoint(t), EventKind::ClientArrival, i);
            reference.emplace_back(t, i);
        }
        std::stable_sort(reference.begin(), reference.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [t, i] : reference) {
            const Event e = q.pop();
            QCOMPARE(e.time.count(), t);
            QCOMPARE(e.index, i);
        }
        QVERIFY(q.empty());
    }
};

QTEST_APPLESS_MAIN(EventQueueTest)
#include "tst_event_queue.moc"
