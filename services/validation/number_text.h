// Reading numbers as agencies write them: ASCII or full-width digits (２６), Chinese numerals
// (十二, 两, 一百零五), in cells and in running text.
#ifndef NIANBAO_SERVICES_VALIDATION_NUMBER_TEXT_H_
#define NIANBAO_SERVICES_VALIDATION_NUMBER_TEXT_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace nianbao::validation {

// A number found in text: its value and the byte range [begin, end) it occupied.
struct NumberInText {
  int64_t value = 0;
  size_t begin = 0;
  size_t end = 0;
};

// Reads the number (digits, full-width digits or Chinese numerals, not mixed) that starts exactly
// at byte `pos`. Returns false when none starts there or it does not fit in int64.
bool ReadNumberAt(absl::string_view text, size_t pos, NumberInText* number);

// Finds the first number at or after byte `pos` and before `limit`. Returns false when none.
bool FindNumber(absl::string_view text, size_t pos, size_t limit, NumberInText* number);

// Parses a whole string (surrounding spaces allowed) as one number. Returns false otherwise.
bool ParseWholeNumber(absl::string_view text, int64_t* value);

}  // namespace nianbao::validation

#endif  // NIANBAO_SERVICES_VALIDATION_NUMBER_TEXT_H_
