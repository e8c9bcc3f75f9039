#include "storage/wal_integrity.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace nianbao::storage {
namespace {

constexpr size_t kBlockSize = 32768;
constexpr size_t kHeaderSize = 7;
// Record types of db/log_format.h that a non-recycled log holds.
constexpr uint8_t kZeroType = 0;
constexpr uint8_t kFullType = 1;
constexpr uint8_t kLastType = 4;
constexpr uint8_t kSetCompressionType = 9;
// RocksDB stores a CRC rotated and offset (crc32c::Mask), because a CRC over bytes that embed
// CRCs is weak.
constexpr uint32_t kMaskDelta = 0xa282ead8u;

uint32_t Unmask(uint32_t masked) {
  const uint32_t rot = masked - kMaskDelta;
  return (rot >> 17) | (rot << 15);
}

uint32_t DecodeFixed32(absl::string_view bytes) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

bool AllZero(absl::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == 0; });
}

const std::array<uint32_t, 256>& Crc32cTable() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t crc = i;
      for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1) ? 0x82f63b78u : 0);
      t[i] = crc;
    }
    return t;
  }();
  return table;
}

// A log file's number from its name ("000012.log" -> 12), or nullopt for other files.
std::optional<uint64_t> WalNumber(const std::string& name) {
  if (!absl::EndsWith(name, ".log")) return std::nullopt;
  const std::string digits = name.substr(0, name.size() - 4);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), absl::ascii_isdigit)) {
    return std::nullopt;
  }
  return std::strtoull(digits.c_str(), nullptr, 10);
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return absl::InternalError(absl::StrCat("无法读取预写日志 cannot read write-ahead log ", path));
  }
  return contents.str();
}

WalDamage Damage(absl::string_view contents, uint64_t offset, size_t extent_end, std::string what) {
  WalDamage damage;
  damage.offset = offset;
  damage.what = std::move(what);
  damage.only_zeros_after = extent_end >= contents.size() || AllZero(contents.substr(extent_end));
  return damage;
}

}  // namespace

uint32_t Crc32c(absl::string_view data, uint32_t crc) {
  const std::array<uint32_t, 256>& table = Crc32cTable();
  uint32_t l = crc ^ 0xffffffffu;
  for (char c : data) l = table[(l ^ static_cast<uint8_t>(c)) & 0xff] ^ (l >> 8);
  return l ^ 0xffffffffu;
}

std::optional<WalDamage> FindWalDamage(absl::string_view contents) {
  size_t pos = 0;
  while (pos < contents.size()) {
    const size_t block_left = kBlockSize - pos % kBlockSize;
    if (block_left < kHeaderSize) {  // A block's trailer: padding.
      pos += block_left;
      continue;
    }
    if (contents.size() - pos < kHeaderSize) {
      if (AllZero(contents.substr(pos))) return std::nullopt;
      return Damage(contents, pos, contents.size(), "truncated record header");
    }
    const absl::string_view header = contents.substr(pos, kHeaderSize);
    const size_t length = static_cast<uint8_t>(header[4]) |
                          (static_cast<size_t>(static_cast<uint8_t>(header[5])) << 8);
    const uint8_t type = static_cast<uint8_t>(header[6]);
    if (type == kZeroType && length == 0) {  // Padding up to the end of the block.
      pos += block_left;
      continue;
    }
    if (length > block_left - kHeaderSize) {
      return Damage(contents, pos, pos + kHeaderSize, "bad record length");
    }
    const size_t extent_end = pos + kHeaderSize + length;
    if (extent_end > contents.size()) {
      return Damage(contents, pos, contents.size(), "truncated record");
    }
    if (!((type >= kFullType && type <= kLastType) || type == kSetCompressionType)) {
      return Damage(contents, pos, extent_end, absl::StrCat("unknown record type ", type));
    }
    const uint32_t expected = Unmask(DecodeFixed32(header.substr(0, 4)));
    const uint32_t actual =
        Crc32c(contents.substr(pos + kHeaderSize, length), Crc32c(header.substr(6, 1)));
    if (expected != actual) return Damage(contents, pos, extent_end, "checksum mismatch");
    pos = extent_end;
  }
  return std::nullopt;
}

std::vector<std::string> ListWalFiles(const std::string& db_path) {
  std::vector<std::pair<uint64_t, std::string>> numbered;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(db_path, error)) {
    if (std::optional<uint64_t> number = WalNumber(entry.path().filename().string())) {
      numbered.emplace_back(*number, entry.path().string());
    }
  }
  std::sort(numbered.begin(), numbered.end());
  std::vector<std::string> files;
  for (auto& [number, path] : numbered) files.push_back(std::move(path));
  return files;
}

absl::Status CheckWalIntegrity(const std::string& db_path) {
  const std::vector<std::string> files = ListWalFiles(db_path);
  for (size_t i = 0; i < files.size(); ++i) {
    absl::StatusOr<std::string> contents = ReadWholeFile(files[i]);
    if (!contents.ok()) return contents.status();
    const std::optional<WalDamage> damage = FindWalDamage(*contents);
    if (!damage.has_value()) continue;
    // A torn last write: nothing but zeros after it, and no later log holds a record.
    bool records_after = !damage->only_zeros_after;
    for (size_t j = i + 1; j < files.size() && !records_after; ++j) {
      absl::StatusOr<std::string> later = ReadWholeFile(files[j]);
      if (!later.ok()) return later.status();
      records_after = !AllZero(*later);
    }
    if (!records_after) return absl::OkStatus();
    return absl::DataLossError(absl::StrCat(
        "预写日志 ", files[i], " 在偏移 ", damage->offset, " 处损坏（", damage->what,
        "），其后还有已确认的写入：为免悄然丢失这些写入，拒绝打开；可用 --read_only "
        "只读打开以抢救数据 "
        "(write-ahead log ",
        files[i], " is damaged at offset ", damage->offset, " (", damage->what,
        ") and acknowledged writes follow it: refusing to open rather than silently dropping "
        "them; open the data read-only (--read_only) to salvage what precedes the damage)"));
  }
  return absl::OkStatus();
}

}  // namespace nianbao::storage
