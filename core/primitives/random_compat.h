#pragma once
// TEMPORARY: core/common/random.h (shared) fails -Werror with -Wsign-conversion (derive()) and
// -Wpedantic (unsigned __int128 in below()). h2's primitives include it through this header until it
// is fixed on main; then replace every include of this file with core/common/random.h and delete it.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#endif
#include "core/common/random.h"
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
