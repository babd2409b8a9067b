#pragma once
// The main charts of an A/B comparison (two runs on one seed) as one ChartSet, A and B on the same
// axes, so the live tiles, hover, export and CSV of any chart work on them unchanged:
//   ab-good-answers-CLIENT   good answers (success or fallback), % of the client's answers
//   ab-latency-p99-CLIENT    latency p99 of the client's answers, ms
//   ab-retry-amplification   attempts per call, per service call
//   ab-breaker-states        a band per call with a breaker, an A row and a B row (if either has one)
// A's series come first in each chart, in the cool Okabe-Ito colours and solid; B's follow in the warm
// ones and dashed (live tiles draw every line solid: there A's line is the wider one, see isSideA).
// Both sides are cut to the buckets both runs have measured, so the lines grow together.
#include "ui/charts/chart_data.h"

namespace rl::ui {

// `bLabel` names B in the legends ("B: without the circuit breaker").
ChartSet abOverlay(const ChartSet& a, const ChartSet& b, const QString& bLabel);

// A series of the overlay drawn for A (else for B).
bool isSideA(const ChartSeries& series);

} // namespace rl::ui
