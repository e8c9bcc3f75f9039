// glibc malloc's settings for a serving process. Each durable edit of a whole report allocates and
// frees buffers of the report's size (the request record, the stored row, the response, RocksDB's
// write batch) on many threads. With glibc's defaults those above its dynamic mmap threshold are
// mapped and unmapped each time (page faults and munmap on every call), and freed memory at the top
// of an arena is given back to the kernel only to be faulted in again; in profiles of
// nianbao-workflowd under 8 clients editing whole reports that was several percent of its CPU.
#ifndef NIANBAO_SERVICES_COMMON_SERVING_ALLOCATOR_H_
#define NIANBAO_SERVICES_COMMON_SERVING_ALLOCATOR_H_

#include <cstddef>

namespace nianbao::service {

// Allocations below this come from the arenas, never from their own mapping.
inline constexpr size_t kServingMmapThreshold = size_t{64} << 20;
// An arena keeps up to this much free memory at its top instead of returning it.
inline constexpr size_t kServingTrimThreshold = size_t{128} << 20;

// Fixes glibc's mmap and trim thresholds at the values above (which also turns off their dynamic
// adjustment). Returns false when the allocator did not take them: under AddressSanitizer, whose
// allocator replaces glibc's, or with another malloc. Call before the process starts its threads.
[[nodiscard]] bool TuneAllocatorForServing();

}  // namespace nianbao::service

#endif  // NIANBAO_SERVICES_COMMON_SERVING_ALLOCATOR_H_
