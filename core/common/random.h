#pragma once
// Deterministic random numbers: xoshiro256** seeded through splitmix64. Unlike std:: distributions,
// every draw here is specified bit for bit, so a seed gives the same numbers with any standard library.
// Streams are derived from (seed, name, index): each simulated entity owns one, so changing one
// entity's behaviour never reshuffles another's draws (common random numbers).
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

namespace rl {

class Random {
public:
    using result_type = std::uint64_t;

    explicit Random(std::uint64_t seed = 0x9E3779B97F4A7C15ULL) { reseed(seed); }

    // A stream for one named entity, independent of every other (name, index) pair.
    static Random derive(std::uint64_t seed, std::string_view name, std::uint64_t index = 0) {
        std::uint64_t h = 0xcbf29ce484222325ULL; // FNV-1a over the name
        for (char c : name) {
            h ^= static_cast<unsigned char>(c);
            h *= 0x100000001b3ULL;
        }
        std::uint64_t mix = seed;
        mix = splitmix(mix) ^ h;
        mix = splitmix(mix) ^ (index * 0xD1B54A32D192ED03ULL);
        return Random(splitmix(mix));
    }

    void reseed(std::uint64_t seed) {
        std::uint64_t x = seed;
        for (auto& word : m_s)
            word = splitmixNext(x);
    }

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    result_type operator()() { return next(); }

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    // Uniform in [0, 1) with 53 random bits.
    double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
    // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-64 * n).
    std::uint64_t below(std::uint64_t n) {
        __extension__ using Wide = unsigned __int128; // GCC and Clang; __extension__ keeps -Wpedantic quiet
        return static_cast<std::uint64_t>((static_cast<Wide>(next()) * n) >> 64);
    }
    bool bernoulli(double p) { return uniform01() < p; }
    // Exponential with the given mean (inverse transform; 1 - u avoids log(0)).
    double exponential(double mean) { return -mean * std::log(1.0 - uniform01()); }
    // Standard normal (Box-Muller, one value per call for simplicity).
    double normal() {
        const double u1 = 1.0 - uniform01();
        const double u2 = uniform01();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix(std::uint64_t x) {
        x += 0x9E3779B97F4A7C15ULL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
        return x ^ (x >> 31);
    }
    static std::uint64_t splitmixNext(std::uint64_t& state) {
        state += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    std::uint64_t m_s[4]{};
};

} // namespace rl
