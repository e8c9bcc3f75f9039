// Builds a text from pieces with at most one allocation: the pieces are written twice by the same
// code, once to a SizeCounter to size the string, then to a TextWriter copying them in. For rules
// that write many findings: a report that leaves tables blank has a CELL_NOT_NUMBER finding on most
// rows (25 on a real one), and this makes each text one allocation and a run of memcpy, or none
// when the string it is written into already has the room (a finding reused from an earlier
// validation, see FindingSink::Next).
//
//   BuildTextInto(&finding.message_zh, [&](auto& out) { out.Put(label, "：", value); });
#ifndef NIANBAO_SERVICES_VALIDATION_TEXT_BUILDER_H_
#define NIANBAO_SERVICES_VALIDATION_TEXT_BUILDER_H_

#include <cstddef>
#include <cstring>
#include <string>

#include "absl/strings/string_view.h"

namespace nianbao::validation {

class SizeCounter {
 public:
  template <typename... Pieces>
  void Put(const Pieces&... pieces) {
    ((size_ += absl::string_view(pieces).size()), ...);
  }
  size_t size() const { return size_; }

 private:
  size_t size_ = 0;
};

// Writes into a string already sized by a SizeCounter over the same pieces.
class TextWriter {
 public:
  explicit TextWriter(std::string& out) : next_(out.data()) {}
  template <typename... Pieces>
  void Put(const Pieces&... pieces) {
    (Copy(absl::string_view(pieces)), ...);
  }

 private:
  // memcpy rather than std::string::append: append is a call into libstdc++ with its checks, and a
  // finding's texts are made of some forty short pieces.
  void Copy(absl::string_view piece) {
    std::memcpy(next_, piece.data(), piece.size());
    next_ += piece.size();
  }
  char* next_;
};

// Replaces *text with what `write(out)` writes, in its own storage when that has the room; `write`
// must write the same pieces each time it is called.
template <typename Write>
void BuildTextInto(std::string* text, const Write& write) {
  SizeCounter counter;
  write(counter);
  text->clear();
  text->resize(counter.size());
  TextWriter writer(*text);
  write(writer);
}

template <typename Write>
std::string BuildText(const Write& write) {
  std::string text;
  BuildTextInto(&text, write);
  return text;
}

}  // namespace nianbao::validation

#endif  // NIANBAO_SERVICES_VALIDATION_TEXT_BUILDER_H_
