#include "services/common/serving_allocator.h"

#include <malloc.h>

namespace nianbao::service {

bool TuneAllocatorForServing() {
  // mallopt returns 1 on success; sanitizer runtimes intercept it and return 0.
  const bool mmap_set = mallopt(M_MMAP_THRESHOLD, static_cast<int>(kServingMmapThreshold)) == 1;
  const bool trim_set = mallopt(M_TRIM_THRESHOLD, static_cast<int>(kServingTrimThreshold)) == 1;
  return mmap_set && trim_set;
}

}  // namespace nianbao::service
