// FallbackCache is a template (fallback_cache.h). The simulator's instantiation is compiled here once,
// so every member is checked by the build even before a caller uses it.
#include "core/primitives/fallback_cache.h"

namespace rl {
template class FallbackCache<std::uint64_t, std::uint64_t>;
} // namespace rl
