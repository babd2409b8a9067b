#pragma once
// The run's charts as data, one model for the GUI and the command line: named charts with series and
// units, one value per time bucket, computed from a RunView (so the live dock and `run --charts` show
// the same numbers), plus what every chart marks on its time axis: fault windows, breaker transitions
// and parameter changes. Computing is incremental: a frame's new buckets are computed, the rest kept.
//
// Charts (ids are file names):
//   throughput-CLIENT, throughput-all   answers by outcome, stacked, requests/s (all: summed clients)
//   latency-CLIENT                      p50, p95, p99 of the answers, ms (no answers: no point)
//   breaker-states                      one band per call with a breaker, coloured by state
//   bulkhead-occupancy                  mean slots in use per call with a bulkhead, slots
//   service-utilisation                 busy workers / workers per service, %
//   service-queue                       mean queue length per service, requests
//   retry-amplification                 attempts per call, per service call (no calls: no point)
//   rejections                          rate limited, shed and queue-full rejections per service, /s
// NOTE: rejections are per service only: the buckets do not split them by tenant or priority class.
#include "core/common/outcome.h"
#include "core/primitives/circuit_breaker.h"
#include "ui/charts/run_view.h"

#include <QString>

#include <functional>
#include <limits>
#include <vector>

namespace rl::ui {

enum class ChartKind { StackedArea, Lines, StateBands };

// How a series is told apart: the outcome's colour (visual_style.h) or the n-th colour of the
// Okabe-Ito sequence, and a dash pattern, so two series never differ by colour alone.
struct SeriesLook {
    enum class Colour { Outcome, Ordinal } colour = Colour::Ordinal;
    int index = 0; // Outcome value, or position in the sequence
    int dash = 0;  // 0 solid, 1 dashed, 2 dotted, 3 dash-dot
    bool operator==(const SeriesLook&) const = default;
};

struct ChartSeries {
    QString name; // legend label
    SeriesLook look;
    std::vector<double> values; // one per bucket; NaN where nothing was measured
};

struct StateSegment {
    TimePoint from, to;
    BreakerState state;
    bool operator==(const StateSegment&) const = default;
};

struct StateRow {
    QString name; // "checkout -> payments"
    std::vector<StateSegment> segments;
};

struct Chart {
    QString id;     // "latency-web": the export's file name
    QString title;  // "Latency of client web"
    QString yTitle; // with the unit: "latency (ms)"
    ChartKind kind = ChartKind::Lines;
    std::vector<ChartSeries> series; // StackedArea, Lines (bottom of the stack first)
    std::vector<StateRow> rows;      // StateBands
};

struct TimeWindow { // a fault, from its start to its end (or to now while it lasts)
    TimePoint from, to;
    bool outage = true; // else a brownout (latency, errors, capacity)
    QString label;      // "payments outage"
};

struct TimeMarker {
    enum class Kind { Breaker, Change } kind;
    TimePoint at;
    BreakerState to = BreakerState::Closed; // Breaker: the new state
    QString label;                          // "checkout -> payments OPEN", "checkout -> payments: retry ..."
    QString shortLabel;                     // "OPEN", "change"
    // Worth a label on a chart: changes, a breaker opening from CLOSED and closing again. The probes
    // (to HALF-OPEN, and back to OPEN when a probe fails) are thin lines only, or they crowd the top.
    bool major = true;
};

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

class ChartSet {
public:
    ChartSet() = default;
    explicit ChartSet(const RunView& run); // lays the charts out for the run's scenario and fills them
    // Takes buckets [fromBucket, run.buckets) again (a frame's new and updated buckets); earlier ones
    // stay. Fault windows, markers and breaker bands are taken again whole (the log is short).
    void update(const RunView& run, std::size_t fromBucket);
    // Charts computed elsewhere (the A/B overlay of two runs), on `timing`'s time axis, with its run's
    // name and seed. Not for update(): the caller assembles the set again when its sources change.
    static ChartSet assembled(std::vector<Chart> charts, std::vector<TimeWindow> windows,
                              std::vector<TimeMarker> markers, const ChartSet& timing);

    const std::vector<Chart>& charts() const { return m_charts; }
    const Chart* find(const QString& id) const;
    const std::vector<TimeWindow>& faultWindows() const { return m_windows; }
    const std::vector<TimeMarker>& markers() const { return m_markers; }
    std::size_t buckets() const { return m_buckets; }
    Duration bucketWidth() const { return m_width; }
    TimePoint now() const { return m_now; }
    TimePoint end() const { return m_end; }
    double bucketStartS(std::size_t bucket) const; // the x of a bucket's value (as timeseries.csv's t_s)
    QString scenarioName() const { return m_scenarioName; }
    std::uint64_t seed() const { return m_seed; }

private:
    using Extractor = std::function<double(const RunView&, std::size_t bucket)>;
    void add(Chart chart, std::vector<Extractor> extractors);
    void takeLog(const RunView& run);

    std::vector<Chart> m_charts;
    std::vector<std::vector<Extractor>> m_extractors; // [chart][series]
    std::vector<std::size_t> m_breakerCalls;          // the call of each row of breaker-states
    std::vector<TimeWindow> m_windows;
    std::vector<TimeMarker> m_markers;
    std::size_t m_buckets = 0;
    Duration m_width{1};
    TimePoint m_now{0}, m_end{0};
    QString m_scenarioName;
    std::uint64_t m_seed = 0;
};

} // namespace rl::ui
