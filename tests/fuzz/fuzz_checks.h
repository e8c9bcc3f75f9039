// What every harness asserts beyond "no crash": a reader refuses bad input with the error its
// contract names, in both languages. A violation aborts, which libFuzzer reports as a crash with
// the input that caused it.
#ifndef NIANBAO_TESTS_FUZZ_FUZZ_CHECKS_H_
#define NIANBAO_TESTS_FUZZ_FUZZ_CHECKS_H_

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace nianbao::fuzz {

// Aborts with `what` when `condition` is false.
inline void Require(bool condition, absl::string_view what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz check failed: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

// A refusal must carry one of `codes` and a message with a Chinese and an English part
// ("中文 / English").
inline void RequireClearError(const absl::Status& status,
                              std::initializer_list<absl::StatusCode> codes) {
  bool expected_code = false;
  for (absl::StatusCode code : codes) expected_code = expected_code || status.code() == code;
  const std::string shown = status.ToString();
  Require(expected_code, "unexpected status code: " + shown);
  Require(absl::StrContains(status.message(), " / ") || absl::StrContains(status.message(), "("),
          "error without a bilingual message: " + shown);
}

inline absl::string_view AsView(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace nianbao::fuzz

#endif  // NIANBAO_TESTS_FUZZ_FUZZ_CHECKS_H_
