#pragma once
// Intrusive doubly linked lists over the slots 0 .. capacity-1 of a pool: every slot is in at most
// one list at a time (e.g. free, in progress, completed), and moving a slot between lists or to the
// back of its list is O(1). Used to keep write order (oldest first) without allocating per call.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rl::detail {

class SlotLists {
public:
    static constexpr std::int32_t kNone = -1;

    struct List {
        std::int32_t head = kNone;
        std::int32_t tail = kNone;
        std::size_t size = 0;
        bool empty() const { return size == 0; }
        std::int32_t front() const { return head; }
    };

    explicit SlotLists(std::size_t capacity)
        : m_links(capacity) {}

    std::size_t capacity() const { return m_links.size(); }
    std::int32_t next(std::int32_t slot) const { return m_links[index(slot)].next; }

    void pushBack(List& list, std::int32_t slot) {
        Link& l = m_links[index(slot)];
        l.prev = list.tail;
        l.next = kNone;
        if (list.tail != kNone)
            m_links[index(list.tail)].next = slot;
        else
            list.head = slot;
        list.tail = slot;
        ++list.size;
    }

    // Precondition: `slot` is in `list`.
    void remove(List& list, std::int32_t slot) {
        Link& l = m_links[index(slot)];
        if (l.prev != kNone)
            m_links[index(l.prev)].next = l.next;
        else
            list.head = l.next;
        if (l.next != kNone)
            m_links[index(l.next)].prev = l.prev;
        else
            list.tail = l.prev;
        l = Link{};
        --list.size;
    }

    std::int32_t popFront(List& list) {
        const std::int32_t slot = list.head;
        if (slot != kNone) remove(list, slot);
        return slot;
    }

    // Puts every slot 0 .. capacity-1 in `list`, in order (the initial free list).
    void fill(List& list) {
        list = List{};
        for (std::size_t i = 0; i < m_links.size(); ++i)
            pushBack(list, static_cast<std::int32_t>(i));
    }

private:
    struct Link {
        std::int32_t prev = kNone;
        std::int32_t next = kNone;
    };
    static std::size_t index(std::int32_t slot) { return static_cast<std::size_t>(slot); }

    std::vector<Link> m_links;
};

} // namespace rl::detail
