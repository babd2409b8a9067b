// bench_primitives: ns per decision and heap allocations per call for every primitive.
// Build in release (cmake --preset release && cmake --build --preset release --target bench_primitives)
// and run build/release/bin/bench_primitives [FILTER]. Figures are printed, never asserted; an unknown
// FILTER or option exits 2, and a benchmark that measured nothing makes the run exit 1.
#include "tests/bench/bench_harness.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

namespace {
std::atomic<std::uint64_t> g_allocations{0};
std::uint64_t g_measurements = 0;

struct Entry {
    const char* name;
    rl::bench::BenchFn fn;
};
std::vector<Entry>& entries() {
    static std::vector<Entry> all;
    return all;
}
} // namespace

void* operator new(std::size_t size) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    return operator new(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}

namespace rl::bench {
std::uint64_t allocationCount() {
    return g_allocations.load(std::memory_order_relaxed);
}
std::uint64_t measurementCount() {
    return g_measurements;
}
void countMeasurement() {
    ++g_measurements;
}
Registrar::Registrar(const char* name, BenchFn fn) {
    entries().push_back({name, fn});
}
} // namespace rl::bench

namespace {

void printUsage(std::FILE* to) {
    std::fprintf(to,
                 "Usage: bench_primitives [FILTER]\n\n"
                 "Runs every primitive benchmark, or those whose name contains FILTER, and prints ns and\n"
                 "heap allocations per operation. Benchmarks:");
    for (const auto& e : entries())
        std::fprintf(to, " %s", e.name);
    std::fprintf(to, "\n");
}

} // namespace

int main(int argc, char** argv) {
    auto& all = entries();
    std::sort(all.begin(), all.end(),
              [](const Entry& a, const Entry& b) { return std::strcmp(a.name, b.name) < 0; });
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        const bool help =
            argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0);
        if (!help) std::fprintf(stderr, "bench_primitives: unexpected argument '%s'\n", argv[argc - 1]);
        printUsage(help ? stdout : stderr);
        return help ? 0 : 2;
    }
    const char* filter = argc > 1 ? argv[1] : nullptr;
    const bool any = std::any_of(all.begin(), all.end(),
                                 [&](const Entry& e) { return !filter || std::strstr(e.name, filter); });
    if (!any) {
        std::fprintf(stderr, "bench_primitives: no benchmark name contains '%s'\n", filter);
        printUsage(stderr);
        return 2;
    }
    std::printf("Resilience Lab primitive benchmarks (allocations counted by a replaced operator new)\n");
    int empty = 0;
    for (const auto& e : all) {
        if (filter && !std::strstr(e.name, filter)) continue;
        std::printf("\n[%s]\n", e.name);
        const std::uint64_t before = rl::bench::measurementCount();
        e.fn();
        if (rl::bench::measurementCount() == before) {
            std::printf("  (nothing measured)\n");
            std::fprintf(stderr, "bench_primitives: benchmark '%s' measured nothing\n", e.name);
            ++empty;
        }
    }
    std::fflush(stdout);
    return empty == 0 ? 0 : 1;
}
