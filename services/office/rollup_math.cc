// Roll-up arithmetic by protobuf reflection over the three table messages: every message field is
// walked, CountCell and AmountCell are the leaves, FormatVersion fields merge. Walking the
// descriptors rather than the format layout keeps the sum complete when report.proto gains a row,
// and needs no list of the 2019 rows (they are fields like any other).
#include "services/office/rollup_math.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "workflow/status_details.h"

namespace nianbao::office {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using nianbao::v1::AmountCell;
using nianbao::v1::AnnualReport;
using nianbao::v1::CountCell;
using nianbao::v1::Decimal;
using nianbao::v1::FormatVersion;

constexpr int64_t kNanosPerUnit = 1'000'000'000;

// The field names from the report down to the cell being summed; joined only for an error.
using FieldStack = std::vector<const FieldDescriptor*>;

// What a sum changed in the total, so that a failure part-way (an overflow in a later cell) can put
// it back: the rows it created, the cells and versions it overwrote. Applying in place and undoing
// on the rare failure is cheaper than summing into a copy: a GetRollup sums thousands of
// contributions, and copying the total each time cost more than the sum itself.
struct UndoLog {
  struct Created {
    Message* parent;
    const FieldDescriptor* field;
  };
  struct Count {
    CountCell* cell;
    CountCell::ContentCase old_case;
    int32_t old_number;
    std::string old_text;
  };
  struct Amount {
    AmountCell* cell;
    AmountCell old;
  };
  struct Version {
    Message* parent;
    const FieldDescriptor* field;
    int old_value;
  };
  std::vector<Created> created;
  std::vector<Count> counts;
  std::vector<Amount> amounts;
  std::vector<Version> versions;

  void Clear() {
    created.clear();
    counts.clear();
    amounts.clear();
    versions.clear();
  }
  // Values first, then the rows created, the deepest (last created) first.
  void Undo() {
    for (auto it = counts.rbegin(); it != counts.rend(); ++it) {
      if (it->old_case == CountCell::kNumber) {
        it->cell->set_number(it->old_number);
      } else if (it->old_case == CountCell::kText) {
        it->cell->set_text(it->old_text);
      } else {
        it->cell->clear_content();
      }
    }
    for (auto it = amounts.rbegin(); it != amounts.rend(); ++it) *it->cell = it->old;
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      it->parent->GetReflection()->SetEnumValue(it->parent, it->field, it->old_value);
    }
    for (auto it = created.rbegin(); it != created.rend(); ++it) {
      it->parent->GetReflection()->ClearField(it->parent, it->field);
    }
  }
};

std::string PathOf(const FieldStack& stack) {
  return absl::StrJoin(stack, ".", [](std::string* out, const FieldDescriptor* field) {
    out->append(field->name());
  });
}

absl::Status Overflow(const FieldStack& stack) {
  const std::string path = PathOf(stack);
  return workflow::MakeStatus(
      absl::StatusCode::kOutOfRange,
      {absl::StrCat("汇总数超出可表示的范围：", path),
       absl::StrCat("the roll-up's sum leaves the representable range at ", path)},
      "ROLLUP_OVERFLOW", {{"field", path}});
}

FormatVersion MergedVersion(FormatVersion total, FormatVersion part) {
  if (part == nianbao::v1::FORMAT_VERSION_UNSPECIFIED || part == total) return total;
  if (total == nianbao::v1::FORMAT_VERSION_UNSPECIFIED) return part;
  return nianbao::v1::FORMAT_VERSION_MIXED;
}

absl::Status AddCount(const CountCell& part, int sign, CountCell* total, const FieldStack& stack,
                      UndoLog& undo) {
  if (part.content_case() != CountCell::kNumber) return absl::OkStatus();
  const int64_t base = total->content_case() == CountCell::kNumber ? total->number() : 0;
  const int64_t sum = base + sign * static_cast<int64_t>(part.number());
  if (sum < std::numeric_limits<int32_t>::min() || sum > std::numeric_limits<int32_t>::max()) {
    return Overflow(stack);
  }
  undo.counts.push_back({total, total->content_case(), static_cast<int32_t>(base),
                         total->content_case() == CountCell::kText ? total->text() : ""});
  total->set_number(static_cast<int32_t>(sum));
  return absl::OkStatus();
}

// An amount as billionths; false when its nanos are outside ±999,999,999 or of the other sign.
bool ToNanos(const Decimal& amount, absl::int128* nanos) {
  if (amount.nanos() <= -kNanosPerUnit || amount.nanos() >= kNanosPerUnit) return false;
  if ((amount.units() > 0 && amount.nanos() < 0) || (amount.units() < 0 && amount.nanos() > 0)) {
    return false;
  }
  *nanos = absl::int128(amount.units()) * kNanosPerUnit + amount.nanos();
  return true;
}

absl::Status AddAmount(const AmountCell& part, int sign, AmountCell* total, const FieldStack& stack,
                       UndoLog& undo) {
  if (part.content_case() != AmountCell::kAmount) return absl::OkStatus();
  absl::int128 part_nanos = 0;
  absl::int128 base = 0;
  if (!ToNanos(part.amount(), &part_nanos) ||
      (total->content_case() == AmountCell::kAmount && !ToNanos(total->amount(), &base))) {
    const std::string path = PathOf(stack);
    return workflow::InvalidField(
        path, {absl::StrCat(path, "：金额的纳单位须在 ±999,999,999 之内且与整数部分同号"),
               absl::StrCat(path,
                            ": an amount's nanos must be within ±999,999,999 and have the "
                            "sign of its units")});
  }
  const absl::int128 sum = base + sign * part_nanos;
  // Division truncates toward zero, so units and nanos keep the same sign.
  const absl::int128 units = sum / kNanosPerUnit;
  if (units < std::numeric_limits<int64_t>::min() || units > std::numeric_limits<int64_t>::max()) {
    return Overflow(stack);
  }
  undo.amounts.push_back({total, *total});
  Decimal* amount = total->mutable_amount();
  amount->set_units(static_cast<int64_t>(units));
  amount->set_nanos(static_cast<int32_t>(sum % kNanosPerUnit));
  total->clear_written();
  return absl::OkStatus();
}

absl::Status AddMessage(const Message& part, int sign, Message* total, FieldStack& stack,
                        UndoLog& undo) {
  const Descriptor* descriptor = part.GetDescriptor();
  const Reflection* reflection = part.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated()) continue;  // The tables have no repeated fields.
    if (field->enum_type() == nianbao::v1::FormatVersion_descriptor()) {
      if (sign > 0) {
        const int old_value = reflection->GetEnumValue(*total, field);
        const FormatVersion merged =
            MergedVersion(static_cast<FormatVersion>(old_value),
                          static_cast<FormatVersion>(reflection->GetEnumValue(part, field)));
        if (merged != old_value) {
          undo.versions.push_back({total, field, old_value});
          reflection->SetEnumValue(total, field, merged);
        }
      }
      continue;
    }
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!reflection->HasField(part, field)) continue;
    const Message& from = reflection->GetMessage(part, field);
    if (!reflection->HasField(*total, field)) undo.created.push_back({total, field});
    Message* to = reflection->MutableMessage(total, field);
    stack.push_back(field);
    absl::Status status;
    if (field->message_type() == CountCell::descriptor()) {
      status = AddCount(static_cast<const CountCell&>(from), sign, static_cast<CountCell*>(to),
                        stack, undo);
    } else if (field->message_type() == AmountCell::descriptor()) {
      status = AddAmount(static_cast<const AmountCell&>(from), sign, static_cast<AmountCell*>(to),
                         stack, undo);
    } else {
      status = AddMessage(from, sign, to, stack, undo);
    }
    stack.pop_back();
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

// Drops what a contribution does not carry: text in count cells, the written form of amounts,
// and amounts that are text.
void StripToNumbers(Message* message) {
  const Descriptor* descriptor = message->GetDescriptor();
  const Reflection* reflection = message->GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated() || field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!reflection->HasField(*message, field)) continue;
    Message* child = reflection->MutableMessage(message, field);
    if (field->message_type() == CountCell::descriptor()) {
      auto* cell = static_cast<CountCell*>(child);
      if (cell->content_case() == CountCell::kText) cell->clear_content();
    } else if (field->message_type() == AmountCell::descriptor()) {
      auto* cell = static_cast<AmountCell*>(child);
      if (cell->content_case() == AmountCell::kText) cell->clear_content();
      cell->clear_written();
    } else {
      StripToNumbers(child);
    }
  }
}

}  // namespace

AnnualReport RollupContribution(const AnnualReport& content) {
  AnnualReport contribution;
  if (content.active_disclosure().has_table()) {
    *contribution.mutable_active_disclosure()->mutable_table() =
        content.active_disclosure().table();
  }
  if (content.applications().has_table()) {
    *contribution.mutable_applications()->mutable_table() = content.applications().table();
  }
  if (content.review_litigation().has_table()) {
    *contribution.mutable_review_litigation()->mutable_table() =
        content.review_litigation().table();
  }
  StripToNumbers(&contribution);
  return contribution;
}

absl::Status AddContribution(const AnnualReport& part, int sign, AnnualReport* total) {
  if (sign != 1 && sign != -1) {
    return workflow::InvalidField("sign", {"符号须为 +1 或 -1", "sign must be +1 or -1"});
  }
  // Summed in place; an error puts back what the sum had changed (the log's vectors keep their
  // capacity from call to call on a thread).
  thread_local UndoLog undo;
  undo.Clear();
  FieldStack stack;
  if (absl::Status status = AddMessage(part, sign, total, stack, undo); !status.ok()) {
    undo.Undo();
    return status;
  }
  return absl::OkStatus();
}

}  // namespace nianbao::office
