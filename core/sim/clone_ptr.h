#pragma once
// ClonePtr<T>: an owning pointer that copies what it points to when it is copied, so the engine's
// tables (which own their primitives) can be copied member by member for a checkpoint. Moves are as
// cheap as std::unique_ptr's; a null ClonePtr copies to null.
#include <memory>
#include <utility>

namespace rl::sim {

template <typename T> class ClonePtr {
public:
    ClonePtr() = default;
    ClonePtr(std::unique_ptr<T> p) // NOLINT(google-explicit-constructor): assigned from make_unique
        : m_ptr(std::move(p)) {}
    ClonePtr(const ClonePtr& other)
        : m_ptr(other.m_ptr ? std::make_unique<T>(*other.m_ptr) : nullptr) {}
    ClonePtr& operator=(const ClonePtr& other) {
        if (this != &other) m_ptr = other.m_ptr ? std::make_unique<T>(*other.m_ptr) : nullptr;
        return *this;
    }
    ClonePtr(ClonePtr&&) noexcept = default;
    ClonePtr& operator=(ClonePtr&&) noexcept = default;
    ~ClonePtr() = default;

    T* get() const { return m_ptr.get(); }
    T* operator->() const { return m_ptr.get(); }
    T& operator*() const { return *m_ptr; }
    explicit operator bool() const { return static_cast<bool>(m_ptr); }
    void reset() { m_ptr.reset(); }

private:
    std::unique_ptr<T> m_ptr;
};

} // namespace rl::sim
