// IdempotencyStore is a template (idempotency_store.h). The simulator's instantiation (uint64 keys and
// results) and the trace driver's (string keys) are compiled here once, so every member is checked.
#include "core/primitives/idempotency_store.h"

#include <string>

namespace rl {
template class IdempotencyStore<std::uint64_t, std::uint64_t>;
template class IdempotencyStore<std::string, std::string>;
} // namespace rl
