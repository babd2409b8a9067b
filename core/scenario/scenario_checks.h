#pragma once
// Checks on a whole scenario, after its objects were read: unique names, references to services,
// call cycles, and sizes that would not fit in memory. Each problem is added at its JSON path.
#include "core/scenario/diagnostics.h"
#include "core/scenario/scenario.h"

namespace rl::scenario {

// bucket_s fits duration_s and the run has at most schema::kMaxBuckets buckets; false (reported)
// otherwise. Both must already be valid numbers.
bool checkTimeBuckets(const Scenario& scenario, Diagnostics& out);
// Unique client and service names, unique fault ids, targets and calls naming services that exist
// (with a "did you mean"), and no call cycles.
void checkReferences(const Scenario& scenario, Diagnostics& out);
// Every batch arrival leaves within the run: at_s < duration_s, and its spread ends by duration_s.
// duration_s must already be valid.
void checkBatchArrivals(const Scenario& scenario, Diagnostics& out);
// The metrics (buckets x clients, services and calls) stay within schema::kMaxEntityBuckets. Only
// meaningful once checkTimeBuckets passed.
void checkMetricsSize(const Scenario& scenario, Diagnostics& out);

} // namespace rl::scenario
