#include "storage/content_patch.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "storage/key_encoding.h"
#include "storage/request_record.h"

namespace nianbao::storage {
namespace {

constexpr char kDatedHeader = '\x01';  // as a format-1 request record's (request_record.h)

absl::Status Malformed(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("malformed stored content patch: ", what));
}

absl::Status Unrebuildable(absl::string_view etag, absl::string_view why) {
  return absl::DataLossError(absl::StrCat(
      "无法重建请求记录引用的报告内容（版本 ", etag, "）：", why, " (the report content version ",
      etag, " a request record references cannot be rebuilt: ", why, ")"));
}

}  // namespace

std::string EncodeContentPatch(int64_t write_micros, absl::string_view newer_etag,
                               absl::string_view older, absl::string_view newer) {
  const size_t limit = std::min(older.size(), newer.size());
  const size_t prefix = static_cast<size_t>(
      std::mismatch(older.begin(), older.begin() + limit, newer.begin()).first - older.begin());
  // The suffix may not reach into the prefix of either content.
  const size_t suffix_limit = limit - prefix;
  const size_t suffix = static_cast<size_t>(
      std::mismatch(older.rbegin(), older.rbegin() + suffix_limit, newer.rbegin()).first -
      older.rbegin());
  std::string value(1, kDatedHeader);
  AppendUint64(&value, static_cast<uint64_t>(write_micros));
  AppendUint64(&value, newer_etag.size());
  value.append(newer_etag.data(), newer_etag.size());
  AppendUint64(&value, prefix);
  AppendUint64(&value, suffix);
  const absl::string_view middle = older.substr(prefix, older.size() - prefix - suffix);
  value.append(middle.data(), middle.size());
  return value;
}

absl::StatusOr<ContentPatch> DecodeContentPatch(absl::string_view value) {
  if (value.empty() || value.front() != kDatedHeader) return Malformed("header");
  value.remove_prefix(1);
  ContentPatch patch;
  absl::StatusOr<uint64_t> micros = ConsumeUint64(&value);
  if (!micros.ok()) return micros.status();
  patch.write_micros = static_cast<int64_t>(*micros);
  absl::StatusOr<uint64_t> length = ConsumeUint64(&value);
  if (!length.ok()) return length.status();
  if (*length == 0 || *length > value.size()) return Malformed("newer etag");
  patch.newer_etag = std::string(value.substr(0, *length));
  value.remove_prefix(*length);
  absl::StatusOr<uint64_t> prefix = ConsumeUint64(&value);
  if (!prefix.ok()) return prefix.status();
  absl::StatusOr<uint64_t> suffix = ConsumeUint64(&value);
  if (!suffix.ok()) return suffix.status();
  patch.prefix = *prefix;
  patch.suffix = *suffix;
  patch.middle = std::string(value);
  return patch;
}

absl::StatusOr<std::string> ApplyContentPatch(const ContentPatch& patch, absl::string_view newer) {
  if (patch.prefix > newer.size() || patch.suffix > newer.size() - patch.prefix) {
    return Malformed("shared bytes beyond the newer content");
  }
  std::string older;
  older.reserve(patch.prefix + patch.middle.size() + patch.suffix);
  older.append(newer.data(), patch.prefix);
  older += patch.middle;
  older.append(newer.data() + newer.size() - patch.suffix, patch.suffix);
  return older;
}

absl::StatusOr<std::string> RebuildContent(absl::string_view etag, absl::string_view current_row,
                                           const ContentPatchReader& read_patch) {
  absl::StatusOr<ReportRowFields> current = ReportRowFieldsOf(current_row);
  if (!current.ok()) return current.status();
  if (current->etag == etag) return std::string(current->content);
  // Walk forward from the referenced version to the current one, then apply the patches back.
  std::vector<ContentPatch> chain;
  std::set<std::string> seen;
  std::string at(etag);
  while (at != current->etag) {
    if (static_cast<int>(chain.size()) >= kMaxContentPatchChain || !seen.insert(at).second) {
      return Unrebuildable(etag, "补丁链过长或成环 the chain of patches is too long or cyclic");
    }
    absl::StatusOr<std::optional<std::string>> value = read_patch(at);
    if (!value.ok()) return value.status();
    if (!value->has_value()) {
      return Unrebuildable(
          etag, absl::StrCat("缺少版本 ", at, " 的补丁 the patch of version ", at, " is missing"));
    }
    absl::StatusOr<ContentPatch> patch = DecodeContentPatch(**value);
    if (!patch.ok()) return Unrebuildable(etag, patch.status().message());
    at = patch->newer_etag;
    chain.push_back(*std::move(patch));
  }
  std::string content(current->content);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    absl::StatusOr<std::string> older = ApplyContentPatch(*it, content);
    if (!older.ok()) return Unrebuildable(etag, older.status().message());
    content = *std::move(older);
  }
  return content;
}

}  // namespace nianbao::storage
