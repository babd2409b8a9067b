#pragma once
// Thinning a chart's per-bucket values to about the chart's pixel width, in fixed groups of k buckets
// (group g = buckets [g*k, (g+1)*k)), so a live chart can redo only the groups a frame touched:
// - MinMax keeps each group's lowest and highest value, in time order: a spike never disappears
//   (latency, occupancy, amplification);
// - Mean keeps each group's mean: rates stay rates and stacked areas stay stacked (throughput).
// Values that are NaN (nothing measured) are skipped; a group with none gives no point.
#include <QList>
#include <QPointF>

#include <cstddef>
#include <vector>

namespace rl::ui {

enum class Decimation { MinMax, Mean };

// Buckets per group so that `runBuckets` fit in about `pixels` points (at least 1).
std::size_t bucketsPerPoint(std::size_t runBuckets, int pixels);

// The points of groups [firstGroup, ...) of `values`; bucket b is at x = b * bucketWidthS.
// `groupStarts`, if given, receives for each group the index (from the first returned point) of its
// first point.
QList<QPointF> decimate(const std::vector<double>& values, double bucketWidthS, std::size_t k,
                        std::size_t firstGroup, Decimation mode,
                        std::vector<qsizetype>* groupStarts = nullptr);

} // namespace rl::ui
