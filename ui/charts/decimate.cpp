#include "ui/charts/decimate.h"

#include <algorithm>
#include <cmath>

namespace rl::ui {

std::size_t bucketsPerPoint(std::size_t runBuckets, int pixels) {
    const auto width = static_cast<std::size_t>(std::max(pixels, 1));
    return std::max<std::size_t>(1, (runBuckets + width - 1) / width);
}

QList<QPointF> decimate(const std::vector<double>& values, double bucketWidthS, std::size_t k,
                        std::size_t firstGroup, Decimation mode, std::vector<qsizetype>* groupStarts) {
    QList<QPointF> points;
    k = std::max<std::size_t>(k, 1);
    auto x = [bucketWidthS](std::size_t b) { return static_cast<double>(b) * bucketWidthS; };
    for (std::size_t first = firstGroup * k; first < values.size(); first += k) {
        if (groupStarts) groupStarts->push_back(points.size());
        const std::size_t last = std::min(values.size(), first + k);
        std::size_t lo = last, hi = last, n = 0;
        double sum = 0;
        for (std::size_t b = first; b < last; ++b) {
            const double v = values[b];
            if (std::isnan(v)) continue;
            if (lo == last || v < values[lo]) lo = b;
            if (hi == last || v > values[hi]) hi = b;
            sum += v;
            ++n;
        }
        if (n == 0) continue;
        if (mode == Decimation::Mean) {
            points.append(QPointF(x(first), sum / static_cast<double>(n)));
        } else if (lo == hi || values[lo] == values[hi]) {
            points.append(QPointF(x(lo), values[lo]));
        } else {
            const std::size_t a = std::min(lo, hi), b = std::max(lo, hi);
            points.append(QPointF(x(a), values[a]));
            points.append(QPointF(x(b), values[b]));
        }
    }
    return points;
}

} // namespace rl::ui
