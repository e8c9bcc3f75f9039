// Flat cells: the layout is walked by reflection once per process; flattening a contribution (once
// per publication) still walks messages, but adding one (thousands per roll-up) touches only the
// bits and values of the cells that hold numbers.
#include "services/office/rollup_cells.h"

#include <limits>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "workflow/status_details.h"

namespace nianbao::office {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using nianbao::storage::v1::RollupCells;
using nianbao::storage::v1::RollupRecord;
using nianbao::v1::AmountCell;
using nianbao::v1::AnnualReport;
using nianbao::v1::CountCell;
using nianbao::v1::FormatVersion;

constexpr int64_t kNanosPerUnit = 1'000'000'000;

enum class Kind : uint8_t { kNode, kCount, kAmount, kVersion };

struct Entry {
  Kind kind;
  int parent;  // index of the enclosing message's entry; -1 for a field of AnnualReport
  const FieldDescriptor* field;
  std::string path;  // from AnnualReport, as errors name it ("applications.table.…")
};

struct Layout {
  std::vector<Entry> entries;
  size_t bitmap_bytes = 0;
  uint64_t fingerprint = 0;
};

void AddEntries(const Descriptor* message, int parent, const std::string& prefix,
                std::vector<Entry>* out) {
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    if (field->is_repeated()) continue;  // The tables have no repeated fields.
    std::string path = absl::StrCat(prefix, ".", field->name());
    if (field->enum_type() == nianbao::v1::FormatVersion_descriptor()) {
      out->push_back({Kind::kVersion, parent, field, std::move(path)});
      continue;
    }
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const Descriptor* type = field->message_type();
    if (type == CountCell::descriptor()) {
      out->push_back({Kind::kCount, parent, field, std::move(path)});
    } else if (type == AmountCell::descriptor()) {
      out->push_back({Kind::kAmount, parent, field, std::move(path)});
    } else {
      out->push_back({Kind::kNode, parent, field, path});
      AddEntries(type, static_cast<int>(out->size()) - 1, path, out);
    }
  }
}

const Layout& TheLayout() {
  static const Layout* const layout = [] {
    auto* built = new Layout;
    const Descriptor* report = AnnualReport::descriptor();
    for (const char* section : {"active_disclosure", "applications", "review_litigation"}) {
      const FieldDescriptor* section_field = report->FindFieldByName(section);
      const FieldDescriptor* table = section_field->message_type()->FindFieldByName("table");
      built->entries.push_back({Kind::kNode, -1, section_field, section});
      const int section_index = static_cast<int>(built->entries.size()) - 1;
      const std::string table_path = absl::StrCat(section, ".table");
      built->entries.push_back({Kind::kNode, section_index, table, table_path});
      AddEntries(table->message_type(), section_index + 1, table_path, &built->entries);
    }
    built->bitmap_bytes = (built->entries.size() + 7) / 8;
    // FNV-1a over each entry's path and kind: stable across processes and builds (absl::Hash is
    // not), and any change to the tables' fields changes it.
    uint64_t hash = 14695981039346656037ull;
    for (const Entry& entry : built->entries) {
      for (const char c : absl::StrCat(entry.path, ":", static_cast<int>(entry.kind), ";")) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
      }
    }
    built->fingerprint = hash;
    return built;
  }();
  return *layout;
}

bool Bit(const std::string& bits, size_t i) {
  return i / 8 < bits.size() && (static_cast<unsigned char>(bits[i / 8]) >> (i % 8)) & 1;
}
void SetBit(std::string* bits, size_t i) { (*bits)[i / 8] |= static_cast<char>(1 << (i % 8)); }
bool Bit(const std::vector<uint8_t>& bits, size_t i) { return (bits[i / 8] >> (i % 8)) & 1; }

FormatVersion MergedVersion(FormatVersion total, FormatVersion part) {
  if (part == nianbao::v1::FORMAT_VERSION_UNSPECIFIED || part == total) return total;
  if (total == nianbao::v1::FORMAT_VERSION_UNSPECIFIED) return part;
  return nianbao::v1::FORMAT_VERSION_MIXED;
}

absl::Status Overflow(const std::string& path) {
  return workflow::MakeStatus(
      absl::StatusCode::kOutOfRange,
      {absl::StrCat("汇总数超出可表示的范围：", path),
       absl::StrCat("the roll-up's sum leaves the representable range at ", path)},
      "ROLLUP_OVERFLOW", {{"field", path}});
}

absl::Status BadNanos(const std::string& path) {
  return workflow::InvalidField(
      path, {absl::StrCat(path, "：金额的纳单位须在 ±999,999,999 之内且与整数部分同号"),
             absl::StrCat(path,
                          ": an amount's nanos must be within ±999,999,999 and have the sign "
                          "of its units")});
}

absl::Status Corrupt() {
  return absl::DataLossError("stored roll-up cells do not match their layout");
}

}  // namespace

uint64_t CellLayoutFingerprint() { return TheLayout().fingerprint; }

RollupCells FlattenTables(const AnnualReport& report) {
  const Layout& layout = TheLayout();
  RollupCells out;
  out.set_layout(layout.fingerprint);
  std::string present(layout.bitmap_bytes, '\0');
  std::string filled(layout.bitmap_bytes, '\0');
  std::vector<const Message*> messages(layout.entries.size(), nullptr);
  for (size_t i = 0; i < layout.entries.size(); ++i) {
    const Entry& entry = layout.entries[i];
    const Message* parent = entry.parent < 0 ? &report : messages[entry.parent];
    if (parent == nullptr) continue;  // the enclosing row is absent
    const Reflection* reflection = parent->GetReflection();
    if (entry.kind == Kind::kVersion) {
      const int version = reflection->GetEnumValue(*parent, entry.field);
      if (version == 0) continue;
      SetBit(&present, i);
      SetBit(&filled, i);
      out.add_values(version);
      continue;
    }
    if (!reflection->HasField(*parent, entry.field)) continue;
    const Message& message = reflection->GetMessage(*parent, entry.field);
    messages[i] = &message;
    // A section counts as present only with its table, as RollupContribution keeps it: the table
    // marks both (the section's entry comes first and is marked here, after the fact).
    if (entry.parent < 0) continue;
    SetBit(&present, i);
    if (layout.entries[entry.parent].parent < 0) SetBit(&present, entry.parent);
    if (entry.kind == Kind::kCount) {
      const auto& cell = static_cast<const CountCell&>(message);
      if (cell.content_case() != CountCell::kNumber) continue;
      SetBit(&filled, i);
      out.add_values(cell.number());
    } else if (entry.kind == Kind::kAmount) {
      const auto& cell = static_cast<const AmountCell&>(message);
      if (cell.content_case() != AmountCell::kAmount) continue;
      SetBit(&filled, i);
      out.add_values(cell.amount().units());
      out.add_values(cell.amount().nanos());
    }
  }
  out.set_present(std::move(present));
  out.set_filled(std::move(filled));
  return out;
}

CellTotal::CellTotal()
    : present_(TheLayout().bitmap_bytes, 0),
      filled_(TheLayout().bitmap_bytes, 0),
      sums_(TheLayout().entries.size(), 0) {}

absl::Status CellTotal::Add(const RollupRecord& record) {
  if (record.has_cells()) return Add(record.cells());
  // A record from before the flat cells (read-only salvage skips the rebuild at start).
  return Add(FlattenTables(record.tables()));
}

absl::Status CellTotal::Add(const RollupCells& cells) {
  const Layout& layout = TheLayout();
  if (cells.layout() != layout.fingerprint) {
    return workflow::MakeStatus(
        absl::StatusCode::kFailedPrecondition,
        {"汇总数据由表格结构不同的版本写入：请以读写方式重启 nianbao-workflowd 以重建",
         "the roll-up records were written with another table layout: restart nianbao-workflowd "
         "read-write to rebuild them"},
        "ROLLUP_LAYOUT_CHANGED", {});
  }
  const std::string& present = cells.present();
  const std::string& filled = cells.filled();
  if (present.size() > layout.bitmap_bytes || filled.size() > layout.bitmap_bytes) return Corrupt();
  // Decoded and checked first, added after: an error leaves the total as it was.
  thread_local std::vector<std::pair<size_t, absl::int128>> decoded;
  decoded.clear();
  const auto& values = cells.values();
  int next = 0;
  for (size_t byte = 0; byte < filled.size(); ++byte) {
    for (unsigned bits = static_cast<unsigned char>(filled[byte]); bits != 0; bits &= bits - 1) {
      const size_t i = byte * 8 + static_cast<size_t>(__builtin_ctz(bits));
      if (i >= layout.entries.size() || !Bit(present, i)) return Corrupt();
      const Entry& entry = layout.entries[i];
      if (entry.kind == Kind::kNode || next >= values.size()) return Corrupt();
      if (entry.kind != Kind::kAmount) {
        decoded.emplace_back(i, values[next++]);
        continue;
      }
      if (next + 1 >= values.size()) return Corrupt();
      const int64_t units = values[next];
      const int64_t nanos = values[next + 1];
      next += 2;
      if (nanos <= -kNanosPerUnit || nanos >= kNanosPerUnit || (units > 0 && nanos < 0) ||
          (units < 0 && nanos > 0)) {
        return BadNanos(entry.path);
      }
      decoded.emplace_back(i, absl::int128(units) * kNanosPerUnit + nanos);
    }
  }
  if (next != values.size()) return Corrupt();
  for (size_t byte = 0; byte < present.size(); ++byte) {
    present_[byte] |= static_cast<uint8_t>(present[byte]);
  }
  for (size_t byte = 0; byte < filled.size(); ++byte) {
    filled_[byte] |= static_cast<uint8_t>(filled[byte]);
  }
  // int128 sums of int64 values cannot overflow before 2^63 contributions; the range of the
  // result is judged once, in ToReport.
  for (const auto& [i, value] : decoded) {
    if (layout.entries[i].kind == Kind::kVersion) {
      sums_[i] =
          static_cast<int>(MergedVersion(static_cast<FormatVersion>(static_cast<int>(sums_[i])),
                                         static_cast<FormatVersion>(static_cast<int>(value))));
    } else {
      sums_[i] += value;
    }
  }
  return absl::OkStatus();
}

absl::Status CellTotal::ToReport(AnnualReport* out) const {
  const Layout& layout = TheLayout();
  AnnualReport report;
  std::vector<Message*> messages(layout.entries.size(), nullptr);
  for (size_t i = 0; i < layout.entries.size(); ++i) {
    if (!Bit(present_, i)) continue;
    const Entry& entry = layout.entries[i];
    Message* parent = entry.parent < 0 ? &report : messages[entry.parent];
    if (parent == nullptr) return Corrupt();  // a cell present in a row that is not
    const Reflection* reflection = parent->GetReflection();
    if (entry.kind == Kind::kVersion) {
      reflection->SetEnumValue(parent, entry.field, static_cast<int>(sums_[i]));
      continue;
    }
    Message* message = reflection->MutableMessage(parent, entry.field);
    messages[i] = message;
    if (!Bit(filled_, i)) continue;
    if (entry.kind == Kind::kCount) {
      if (sums_[i] < std::numeric_limits<int32_t>::min() ||
          sums_[i] > std::numeric_limits<int32_t>::max()) {
        return Overflow(entry.path);
      }
      static_cast<CountCell*>(message)->set_number(static_cast<int32_t>(sums_[i]));
    } else if (entry.kind == Kind::kAmount) {
      // Division truncates toward zero, so units and nanos keep the same sign.
      const absl::int128 units = sums_[i] / kNanosPerUnit;
      if (units < std::numeric_limits<int64_t>::min() ||
          units > std::numeric_limits<int64_t>::max()) {
        return Overflow(entry.path);
      }
      nianbao::v1::Decimal* amount = static_cast<AmountCell*>(message)->mutable_amount();
      amount->set_units(static_cast<int64_t>(units));
      amount->set_nanos(static_cast<int32_t>(sums_[i] % kNanosPerUnit));
    }
  }
  out->Swap(&report);
  return absl::OkStatus();
}

namespace {
constexpr size_t kRecordBlockBytes = 32 * 1024;  // a record with cells needs about 2 KiB

google::protobuf::ArenaOptions BlockOptions(std::vector<char>* block) {
  google::protobuf::ArenaOptions options;
  options.initial_block = block->data();
  options.initial_block_size = block->size();
  return options;
}
}  // namespace

RecordArena::RecordArena() : block_(kRecordBlockBytes), arena_(BlockOptions(&block_)) {}

absl::StatusOr<const RollupRecord*> RecordArena::Parse(absl::string_view bytes) {
  // Reset keeps the initial block, so the next record reuses it.
  arena_.Reset();
  auto* record = google::protobuf::Arena::CreateMessage<RollupRecord>(&arena_);
  if (!record->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("stored roll-up contribution does not parse");
  }
  return record;
}

absl::StatusOr<AnnualReport> RecordTables(const RollupRecord& record) {
  CellTotal total;
  if (absl::Status s = total.Add(record); !s.ok()) return s;
  AnnualReport out;
  if (absl::Status s = total.ToReport(&out); !s.ok()) return s;
  return out;
}

}  // namespace nianbao::office
