#pragma once
// Typed events from a primitive to whoever watches it (the simulator's metrics, the GUI, a test).
// A primitive owns a Listeners<Event>; watchers implement EventListener<Event> and subscribe. Emitting
// walks a small vector of pointers: no allocation per event (only subscribing allocates).
#include <algorithm>
#include <vector>

namespace rl {

template <typename Event> class EventListener {
public:
    virtual ~EventListener() = default;
    virtual void onEvent(const Event& event) = 0;
};

template <typename Event> class Listeners {
public:
    // The listener must outlive the subscription (or unsubscribe first).
    void subscribe(EventListener<Event>* listener) { m_listeners.push_back(listener); }
    void unsubscribe(const EventListener<Event>* listener) {
        m_listeners.erase(std::remove(m_listeners.begin(), m_listeners.end(), listener), m_listeners.end());
    }
    bool empty() const { return m_listeners.empty(); }
    void emit(const Event& event) const {
        for (auto* l : m_listeners)
            l->onEvent(event);
    }

private:
    std::vector<EventListener<Event>*> m_listeners;
};

} // namespace rl
