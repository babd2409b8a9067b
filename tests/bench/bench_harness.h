#pragma once
// A tiny benchmark harness: each bench file registers functions; bench_primitives' main runs them and
// prints ns per operation and heap allocations per operation. Allocations are counted by replacing the
// global operator new in bench_main.cpp, so "0 allocs/op" is measured, not assumed.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace rl::bench {

std::uint64_t allocationCount();
// Measurements printed so far (by measure()); the runner reports a benchmark that printed none.
std::uint64_t measurementCount();
void countMeasurement();

// Keeps the optimiser from deleting a computation whose result is otherwise unused.
template <typename T> inline void doNotOptimize(const T& value) {
    asm volatile("" : : "r,m"(value) : "memory");
}

struct Measurement {
    double nsPerOp;
    double allocsPerOp;
};

// Runs body(i) for i in [0, iterations) after a warm-up of iterations / 10, and prints one line.
template <typename Body> Measurement measure(const std::string& name, std::int64_t iterations, Body&& body) {
    for (std::int64_t i = 0; i < iterations / 10; ++i)
        body(i);
    const std::uint64_t allocsBefore = allocationCount();
    const auto start = std::chrono::steady_clock::now();
    for (std::int64_t i = 0; i < iterations; ++i)
        body(i);
    const auto end = std::chrono::steady_clock::now();
    const std::uint64_t allocs = allocationCount() - allocsBefore;
    const double ns =
        static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
    Measurement m{ns / static_cast<double>(iterations),
                  static_cast<double>(allocs) / static_cast<double>(iterations)};
    std::printf("%-58s %9.1f ns/op %8.3f allocs/op\n", name.c_str(), m.nsPerOp, m.allocsPerOp);
    countMeasurement();
    return m;
}

// Prints a target check line: "  target: <= 50 ns ... met" (informational; benchmarks never fail).
inline void reportTarget(const std::string& what, double value, double limit) {
    std::printf("  target %-50s %9.1f <= %.1f : %s\n", what.c_str(), value, limit,
                value <= limit ? "met" : "MISSED");
}

using BenchFn = void (*)();
struct Registrar {
    Registrar(const char* name, BenchFn fn);
};

} // namespace rl::bench
