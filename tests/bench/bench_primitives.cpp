// bench_primitives: ns per decision and heap allocations per call for every primitive.
// Build in release (cmake --preset release && cmake --build --preset release --target bench_primitives)
// and run build/release/bin/bench_primitives [FILTER]. Figures are printed, never asserted.
#include "tests/bench/bench_harness.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

namespace {
std::atomic<std::uint64_t> g_allocations{0};

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
Registrar::Registrar(const char* name, BenchFn fn) {
    entries().push_back({name, fn});
}
} // namespace rl::bench

int main(int argc, char** argv) {
    const char* filter = argc > 1 ? argv[1] : nullptr;
    auto& all = entries();
    std::sort(all.begin(), all.end(),
              [](const Entry& a, const Entry& b) { return std::strcmp(a.name, b.name) < 0; });
    std::printf("Resilience Lab primitive benchmarks (allocations counted by a replaced operator new)\n");
    for (const auto& e : all) {
        if (filter && !std::strstr(e.name, filter)) continue;
        std::printf("\n[%s]\n", e.name);
        e.fn();
    }
    return 0;
}
