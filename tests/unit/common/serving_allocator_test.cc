#include "services/common/serving_allocator.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>

#include "gtest/gtest.h"

namespace nianbao::service {
namespace {

#if defined(__SANITIZE_ADDRESS__)
#define NIANBAO_SANITIZED_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NIANBAO_SANITIZED_ALLOCATOR 1
#endif
#endif

// A report-sized buffer (several MiB, above glibc's default mmap threshold of 128 KiB and well
// within the tuned one) comes from the arena once the process is tuned: no mapping of its own,
// which glibc's defaults would make (and unmap on free) on every call.
TEST(ServingAllocatorTest, LargeBuffersComeFromTheArena) {
#ifdef NIANBAO_SANITIZED_ALLOCATOR
  EXPECT_FALSE(TuneAllocatorForServing());
  GTEST_SKIP() << "the sanitizer's allocator replaces glibc's: nothing to tune";
#else
  ASSERT_TRUE(TuneAllocatorForServing());
  const size_t mapped_before = mallinfo2().hblks;
  void* buffer = std::malloc(size_t{8} << 20);
  ASSERT_NE(buffer, nullptr);
  std::memset(buffer, 1, 4096);
  EXPECT_EQ(mallinfo2().hblks, mapped_before);
  std::free(buffer);
#endif
}

}  // namespace
}  // namespace nianbao::service
