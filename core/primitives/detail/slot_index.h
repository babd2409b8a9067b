#pragma once
// An open-addressing hash index from a key to a slot number (0 .. capacity-1) of a pool that the
// owner keeps. Sized once for the pool (table = power of two >= 2 x capacity, so the load factor
// stays <= 0.5); linear probing; erase by backward shift, so there are no tombstones and lookups never
// degrade. The index stores no keys: it asks the owner for the key of a slot (`keyOf(slot)`), and
// keeps 32 bits of each key's hash to skip most key comparisons. No allocation after construction.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <vector>

namespace rl::detail {

// A strong 64-bit finaliser (splitmix64): sequential integer keys spread over the whole table.
constexpr std::uint64_t mixHash(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

template <typename Key> std::uint64_t hashKey(const Key& key) {
    if constexpr (std::is_integral_v<Key> || std::is_enum_v<Key>)
        return mixHash(static_cast<std::uint64_t>(key));
    else
        return mixHash(static_cast<std::uint64_t>(std::hash<Key>{}(key)));
}

template <typename Key> class SlotIndex {
public:
    static constexpr std::int32_t kNone = -1;

    explicit SlotIndex(std::size_t capacity)
        : m_buckets(std::bit_ceil(capacity * 2 < 8 ? std::size_t{8} : capacity * 2))
        , m_mask(m_buckets.size() - 1) {}

    // The slot holding `key`, or kNone. keyOf(slot) -> const Key&.
    template <typename KeyOf> std::int32_t find(const Key& key, KeyOf&& keyOf) const {
        const std::uint64_t h = hashKey(key);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::size_t i = home(h);; i = (i + 1) & m_mask) {
            const Bucket& b = m_buckets[i];
            if (b.slot == kNone) return kNone;
            if (b.tag == tag && keyOf(b.slot) == key) return b.slot;
        }
    }

    // Precondition: `key` is not in the index, and fewer than `capacity` keys are.
    void insert(const Key& key, std::int32_t slot) {
        const std::uint64_t h = hashKey(key);
        std::size_t i = home(h);
        while (m_buckets[i].slot != kNone)
            i = (i + 1) & m_mask;
        m_buckets[i] = {static_cast<std::uint32_t>(h >> 32), static_cast<std::uint32_t>(h), slot};
    }

    // Removes `key` (no-op if absent), shifting later members of its probe run back.
    template <typename KeyOf> void erase(const Key& key, KeyOf&& keyOf) {
        const std::uint64_t h = hashKey(key);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        std::size_t i = home(h);
        for (;; i = (i + 1) & m_mask) {
            const Bucket& b = m_buckets[i];
            if (b.slot == kNone) return;
            if (b.tag == tag && keyOf(b.slot) == key) break;
        }
        // Backward-shift deletion: move each following entry into the hole unless its home lies
        // cyclically in (hole, j].
        std::size_t hole = i;
        for (std::size_t j = (i + 1) & m_mask;; j = (j + 1) & m_mask) {
            const Bucket& b = m_buckets[j];
            if (b.slot == kNone) break;
            const std::size_t want = b.low & m_mask;
            const bool stays = hole <= j ? (want > hole && want <= j) : (want > hole || want <= j);
            if (!stays) {
                m_buckets[hole] = b;
                hole = j;
            }
        }
        m_buckets[hole] = Bucket{};
    }

    void clear() {
        for (auto& b : m_buckets)
            b = Bucket{};
    }

private:
    struct Bucket {
        std::uint32_t tag = 0; // high half of the hash
        std::uint32_t low = 0; // low half of the hash (the home bucket)
        std::int32_t slot = kNone;
    };
    std::size_t home(std::uint64_t h) const { return static_cast<std::size_t>(h) & m_mask; }

    std::vector<Bucket> m_buckets;
    std::size_t m_mask;
};

} // namespace rl::detail
