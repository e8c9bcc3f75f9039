// ResolvedFieldMask against protobuf's own FieldMaskUtil::MergeMessageTo (with
// replace_message_fields and replace_repeated_fields), on reports whose every field is set, for
// every path of the report content's schema alone and in combinations; and its refusals of paths
// that do not resolve. The same merges made on serialized bytes (serialized_merge.h) against the
// whole message's, and the wire scan they rest on (wire_fields.h).
#include "workflow/field_mask_merge.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "nianbao/v1/resources.pb.h"
#include "workflow/digest.h"
#include "workflow/serialized_merge.h"
#include "workflow/wire_fields.h"

namespace nianbao::workflow {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FieldMask;
using google::protobuf::Message;
using google::protobuf::util::FieldMaskUtil;
using google::protobuf::util::MessageDifferencer;

// Sets every field of `message` to a value derived from `seed`, nested messages to `depth` levels,
// repeated fields to two elements; `seed` 0 leaves some fields unset instead.
void Populate(Message* message, int seed, int depth) {
  const Descriptor* type = message->GetDescriptor();
  const google::protobuf::Reflection* r = message->GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    if (seed == 0 && i % 3 == 0) continue;
    const int value = seed * 100 + i + 1;
    const int count = f->is_repeated() ? 2 : 1;
    for (int k = 0; k < count; ++k) {
      switch (f->cpp_type()) {
#define NIANBAO_FILL(TYPE, Name, expr)  \
  case FieldDescriptor::CPPTYPE_##TYPE: \
    if (f->is_repeated()) {             \
      r->Add##Name(message, f, expr);   \
    } else {                            \
      r->Set##Name(message, f, expr);   \
    }                                   \
    break;
        NIANBAO_FILL(INT32, Int32, value + k)
        NIANBAO_FILL(INT64, Int64, value + k)
        NIANBAO_FILL(UINT32, UInt32, static_cast<uint32_t>(value + k))
        NIANBAO_FILL(UINT64, UInt64, static_cast<uint64_t>(value + k))
        NIANBAO_FILL(DOUBLE, Double, value + k + 0.5)
        NIANBAO_FILL(FLOAT, Float, static_cast<float>(value + k))
        NIANBAO_FILL(BOOL, Bool, (value + k) % 2 == 1)
        NIANBAO_FILL(ENUM, EnumValue,
                     f->enum_type()->value((value + k) % f->enum_type()->value_count())->number())
        NIANBAO_FILL(STRING, String, "值" + std::to_string(value + k))
#undef NIANBAO_FILL
        case FieldDescriptor::CPPTYPE_MESSAGE:
          if (depth == 0) break;
          Populate(f->is_repeated() ? r->AddMessage(message, f) : r->MutableMessage(message, f),
                   seed, depth - 1);
          break;
      }
    }
  }
}

// Every path of `type` down to `depth` levels (through singular message fields only).
void CollectPaths(const Descriptor* type, const std::string& prefix, int depth,
                  std::vector<std::string>* paths) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    const std::string path = prefix.empty() ? f->name() : prefix + "." + f->name();
    paths->push_back(path);
    if (depth > 1 && !f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      CollectPaths(f->message_type(), path, depth - 1, paths);
    }
  }
}

void ExpectSameAsFieldMaskUtil(const Message& source, const Message& destination,
                               const FieldMask& mask) {
  std::unique_ptr<Message> expected(destination.New());
  expected->CopyFrom(destination);
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(source, mask, options, expected.get());

  absl::StatusOr<ResolvedFieldMask> resolved =
      ResolvedFieldMask::Resolve(source.GetDescriptor(), mask);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  std::unique_ptr<Message> actual(destination.New());
  actual->CopyFrom(destination);
  resolved->MergeReplacing(source, actual.get());
  EXPECT_TRUE(MessageDifferencer::Equals(*actual, *expected)) << mask.DebugString();
}

class FieldMaskMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Populate(&full_, 1, 4);
    Populate(&other_, 2, 4);
    Populate(&sparse_, 0, 4);
    CollectPaths(nianbao::v1::AnnualReport::descriptor(), "", 3, &paths_);
  }
  nianbao::v1::AnnualReport full_, other_, sparse_, empty_;
  std::vector<std::string> paths_;
};

TEST_F(FieldMaskMergeTest, EveryPathAloneMergesAsFieldMaskUtilDoes) {
  ASSERT_GT(paths_.size(), 20u);
  for (const std::string& path : paths_) {
    FieldMask mask;
    mask.add_paths(path);
    // Set into set, set into unset, unset into set (which clears).
    ExpectSameAsFieldMaskUtil(full_, other_, mask);
    ExpectSameAsFieldMaskUtil(full_, empty_, mask);
    ExpectSameAsFieldMaskUtil(empty_, full_, mask);
    ExpectSameAsFieldMaskUtil(sparse_, full_, mask);
  }
}

TEST_F(FieldMaskMergeTest, CombinationsIncludingCoveredAndRepeatedPathsMergeAlike) {
  std::mt19937 random(20261202);
  for (int round = 0; round < 300; ++round) {
    FieldMask mask;
    const int count = 1 + static_cast<int>(random() % 5);
    for (int k = 0; k < count; ++k) mask.add_paths(paths_[random() % paths_.size()]);
    if (round % 10 == 0) mask.add_paths(mask.paths(0));  // the same path twice
    ExpectSameAsFieldMaskUtil(full_, other_, mask);
    ExpectSameAsFieldMaskUtil(sparse_, other_, mask);
  }
}

TEST_F(FieldMaskMergeTest, ShorterPathCoversLongerInEitherOrder) {
  for (const char* order : {"ab", "ba"}) {
    FieldMask mask;
    for (const char* c = order; *c != '\0'; ++c) {
      mask.add_paths(*c == 'a' ? "metadata" : "metadata.title");
    }
    ExpectSameAsFieldMaskUtil(sparse_, other_, mask);
  }
}

TEST(ResolvedFieldMaskTest, AllFieldsExceptCopiesEverythingButThatField) {
  nianbao::v1::Report source, destination;
  Populate(&source, 1, 3);
  ResolvedFieldMask::AllFieldsExcept(nianbao::v1::Report::descriptor(),
                                     nianbao::v1::Report::kContentFieldNumber)
      .MergeReplacing(source, &destination);
  EXPECT_FALSE(destination.has_content());
  source.clear_content();
  EXPECT_TRUE(MessageDifferencer::Equals(source, destination));
}

TEST(ResolvedFieldMaskTest, PathsThatDoNotResolveAreRefusedByName) {
  const Descriptor* type = nianbao::v1::AnnualReport::descriptor();
  for (const char* bad : {"no_such_field", "metadata.no_such_field", "metadata.title.more", "",
                          "metadata.", ".metadata"}) {
    FieldMask mask;
    mask.add_paths(bad);
    absl::StatusOr<ResolvedFieldMask> resolved = ResolvedFieldMask::Resolve(type, mask);
    ASSERT_FALSE(resolved.ok()) << bad;
    EXPECT_EQ(resolved.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(resolved.status().message().find(bad), std::string::npos) << bad;
  }
}

// The first repeated message field reachable from `type` through singular message fields, as a
// path, or "" if there is none.
std::string RepeatedMessagePath(const Descriptor* type, const std::string& prefix, int depth) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const std::string path = prefix.empty() ? f->name() : prefix + "." + f->name();
    if (f->is_repeated()) return path + "." + f->message_type()->field(0)->name();
    if (depth > 0) {
      std::string found = RepeatedMessagePath(f->message_type(), path, depth - 1);
      if (!found.empty()) return found;
    }
  }
  return "";
}

TEST(ResolvedFieldMaskTest, NoPathDescendsThroughARepeatedField) {
  const Descriptor* type = nianbao::v1::AnnualReport::descriptor();
  FieldMask mask;
  mask.add_paths(RepeatedMessagePath(type, "", 3));
  ASSERT_FALSE(mask.paths(0).empty()) << "the content has no repeated message field";
  EXPECT_FALSE(ResolvedFieldMask::Resolve(type, mask).ok()) << mask.paths(0);
  EXPECT_FALSE(FieldMaskUtil::GetFieldDescriptors(type, mask.paths(0), nullptr));
}

// The serialized merge's bytes against the whole message merged and serialized.
void ExpectSerializedMergeAsWhole(const Message& source, const Message& destination,
                                  const FieldMask& mask) {
  absl::StatusOr<ResolvedFieldMask> resolved =
      ResolvedFieldMask::Resolve(source.GetDescriptor(), mask);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  std::unique_ptr<Message> whole(destination.New());
  whole->CopyFrom(destination);
  resolved->MergeReplacing(source, whole.get());
  absl::StatusOr<std::string> merged =
      MergeReplacingSerialized(*resolved, source, DeterministicSerialize(destination));
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(*merged, DeterministicSerialize(*whole)) << mask.DebugString();
}

TEST_F(FieldMaskMergeTest, SerializedMergeGivesTheWholeMergesBytesForEveryPath) {
  for (const std::string& path : paths_) {
    FieldMask mask;
    mask.add_paths(path);
    ExpectSerializedMergeAsWhole(full_, other_, mask);
    ExpectSerializedMergeAsWhole(full_, empty_, mask);
    ExpectSerializedMergeAsWhole(empty_, full_, mask);
    ExpectSerializedMergeAsWhole(sparse_, full_, mask);
  }
  std::mt19937 random(20261205);
  for (int round = 0; round < 200; ++round) {
    FieldMask mask;
    const int count = 1 + static_cast<int>(random() % 5);
    for (int k = 0; k < count; ++k) mask.add_paths(paths_[random() % paths_.size()]);
    ExpectSerializedMergeAsWhole(full_, other_, mask);
    ExpectSerializedMergeAsWhole(sparse_, other_, mask);
  }
}

TEST_F(FieldMaskMergeTest, SerializedMergeOfBytesOutOfOrderStillMergesAsWhole) {
  // The top-level fields written last first, and an unknown field: not as the serializer writes,
  // so the merge goes the whole way, to the same bytes.
  const std::string stored = DeterministicSerialize(other_);
  std::vector<WireField> fields = *SplitTopLevelFields(stored);
  std::string reversed;
  for (auto it = fields.rbegin(); it != fields.rend(); ++it)
    reversed.append(it->record.data(), it->record.size());
  std::string unknown = stored;
  AppendLengthDelimitedField(9999, "?", &unknown);
  FieldMask mask;
  mask.add_paths("metadata.title");
  ResolvedFieldMask resolved = *ResolvedFieldMask::Resolve(full_.GetDescriptor(), mask);
  for (const std::string& bytes : {reversed, unknown}) {
    nianbao::v1::AnnualReport whole;
    ASSERT_TRUE(whole.ParseFromString(bytes));
    resolved.MergeReplacing(full_, &whole);
    absl::StatusOr<std::string> merged = MergeReplacingSerialized(resolved, full_, bytes);
    ASSERT_TRUE(merged.ok()) << merged.status();
    EXPECT_EQ(*merged, DeterministicSerialize(whole));
  }
}

TEST_F(FieldMaskMergeTest, SerializedMergeOfBytesThatDoNotParseIsDataLoss) {
  FieldMask mask;
  mask.add_paths("metadata.title");
  ResolvedFieldMask resolved = *ResolvedFieldMask::Resolve(full_.GetDescriptor(), mask);
  // The first field (the metadata, a message) cut short by one byte.
  const std::string stored = DeterministicSerialize(other_);
  const size_t first = SplitTopLevelFields(stored)->front().record.size();
  for (const std::string& bad :
       {stored.substr(0, first - 1), std::string("\xff\xff"), std::string("\x0b", 1)}) {
    absl::StatusOr<std::string> merged = MergeReplacingSerialized(resolved, full_, bad);
    ASSERT_FALSE(merged.ok());
    EXPECT_EQ(merged.status().code(), absl::StatusCode::kDataLoss);
  }
}

TEST_F(FieldMaskMergeTest, ParseTopLevelFieldsParsesOnlyThoseNamed) {
  nianbao::v1::AnnualReport metadata_only;
  ASSERT_TRUE(ParseTopLevelFields(DeterministicSerialize(full_),
                                  {nianbao::v1::AnnualReport::kMetadataFieldNumber}, &metadata_only)
                  .ok());
  nianbao::v1::AnnualReport expected;
  *expected.mutable_metadata() = full_.metadata();
  EXPECT_TRUE(MessageDifferencer::Equals(metadata_only, expected));
}

TEST(WireFieldsTest, TopLevelFieldsJoinBackToTheMessage) {
  nianbao::v1::Report report;
  Populate(&report, 1, 3);
  const std::string bytes = DeterministicSerialize(report);
  std::optional<std::vector<WireField>> fields = SplitTopLevelFields(bytes);
  ASSERT_TRUE(fields.has_value());
  std::string joined;
  int previous = 0;
  for (const WireField& field : *fields) {
    EXPECT_GE(field.number, previous);
    previous = field.number;
    joined.append(field.record.data(), field.record.size());
  }
  EXPECT_EQ(joined, bytes);

  std::string rest;
  absl::string_view content;
  int occurrences = 0;
  ASSERT_TRUE(SplitOffField(bytes, nianbao::v1::Report::kContentFieldNumber, &rest, &content,
                            &occurrences));
  EXPECT_EQ(occurrences, 1);
  EXPECT_EQ(content, DeterministicSerialize(report.content()));
  nianbao::v1::Report without;
  ASSERT_TRUE(without.ParseFromString(rest));
  report.clear_content();
  EXPECT_TRUE(MessageDifferencer::Equals(without, report));
}

TEST(WireFieldsTest, MalformedBytesAreRefused) {
  const std::vector<std::string> bad = {
      std::string("\x08", 1),  // a varint field without its value
      std::string("\x0a\x05"
                  "abc",
                  5),                            // a length past the end
      std::string("\x0b", 1),                    // a group (wire type 3)
      std::string("\x00\x01", 2),                // field number 0
      std::string("\x09\x01\x02", 3),            // a fixed64 cut short
      std::string(11, static_cast<char>(0x80)),  // a varint tag of more than ten bytes
  };
  for (const std::string& bytes : bad) {
    EXPECT_FALSE(SplitTopLevelFields(bytes).has_value()) << absl::CEscape(bytes);
    std::string rest;
    absl::string_view payload;
    int occurrences = 0;
    EXPECT_FALSE(SplitOffField(bytes, 1, &rest, &payload, &occurrences));
  }
  EXPECT_TRUE(SplitTopLevelFields("").has_value());
}

}  // namespace
}  // namespace nianbao::workflow
