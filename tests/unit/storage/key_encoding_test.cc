#include "storage/key_encoding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "tests/support/status_matchers.h"

namespace nianbao::storage {
namespace {

using ::nianbao::testing::StatusIs;

std::string EncodedUint64(uint64_t v) {
  std::string out;
  AppendUint64(&out, v);
  return out;
}
std::string EncodedInt32(int32_t v) {
  std::string out;
  AppendInt32(&out, v);
  return out;
}
std::string EncodedString(const std::string& v) {
  std::string out;
  AppendString(&out, v);
  return out;
}

TEST(KeyEncodingTest, Uint64IsBigEndianAndOrdered) {
  EXPECT_EQ(EncodedUint64(0x0102030405060708ull), std::string("\x01\x02\x03\x04\x05\x06\x07\x08"));
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    const uint64_t a = rng() >> (rng() % 64), b = rng() >> (rng() % 64);
    EXPECT_EQ(a < b, EncodedUint64(a) < EncodedUint64(b)) << a << " " << b;
    std::string encoded = EncodedUint64(a);
    absl::string_view in(encoded);
    ASSERT_THAT(ConsumeUint64(&in).value(), a);
    EXPECT_TRUE(in.empty());
  }
}

TEST(KeyEncodingTest, Int32OrdersNegativesFirst) {
  const std::vector<int32_t> values = {INT32_MIN, -2025, -1, 0, 1, 2019, 2024, INT32_MAX};
  for (size_t i = 0; i + 1 < values.size(); ++i) {
    EXPECT_LT(EncodedInt32(values[i]), EncodedInt32(values[i + 1])) << values[i];
  }
  for (int32_t v : values) {
    std::string encoded = EncodedInt32(v);
    absl::string_view in(encoded);
    EXPECT_EQ(ConsumeInt32(&in).value(), v);
  }
}

TEST(KeyEncodingTest, StringsKeepOrderAndRoundTripWithZeroBytes) {
  std::vector<std::string> values = {"",
                                     std::string("\0", 1),
                                     std::string("\0\0", 2),
                                     "a",
                                     std::string("a\0", 2),
                                     std::string("a\0b", 3),
                                     "a\x01",
                                     "ab",
                                     "b",
                                     "\xff\xff",
                                     "数据局",
                                     "shuyang-fagaiju"};
  std::mt19937 rng(11);
  for (int i = 0; i < 300; ++i) {
    std::string s(rng() % 6, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 4 == 0 ? 0 : rng() % 256);
    values.push_back(s);
  }
  for (const std::string& a : values) {
    std::string encoded = EncodedString(a) + "tail";
    absl::string_view in(encoded);
    ASSERT_EQ(ConsumeString(&in).value(), a);
    EXPECT_EQ(in, "tail");
    for (const std::string& b : values) {
      // Composite keys: the string part decides the order before anything that follows it.
      EXPECT_EQ(a < b, EncodedString(a) + "\xff" < EncodedString(b) + std::string(1, '\0'))
          << absl::CEscape(a) << " vs " << absl::CEscape(b);
    }
  }
}

TEST(KeyEncodingTest, ReportKeysOrderByAgencyThenYear) {
  EXPECT_LT(ReportRowKey("a", 2025), ReportRowKey("a-b", 2019));
  EXPECT_LT(ReportRowKey("a", 2019), ReportRowKey("a", 2020));
  EXPECT_LT(ReportRowKey("a", 2999), ReportRowKey("b", 1));
  auto parts = DecodeReportRowKey(ReportRowKey(std::string("x\0y", 3), 2024));
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->agency_id, std::string("x\0y", 3));
  EXPECT_EQ(parts->report_year, 2024);
  // Revisions of one report sort by number then kind, and stay under the report's prefix.
  EXPECT_LT(RevisionKey("a", 2024, 2, 2), RevisionKey("a", 2024, 10, 1));
  EXPECT_EQ(RevisionKey("a", 2024, 1, 1).rfind(RevisionPrefix("a", 2024), 0), 0u);
  EXPECT_GE(RevisionKey("a", 2024, 1, 1), RevisionPrefix("a", 2024));
  EXPECT_LT(RevisionKey("a", 2024, 99, 2), PrefixSuccessor(RevisionPrefix("a", 2024)));
  EXPECT_LT(AuditKey(255), AuditKey(256));
  EXPECT_LT(ReportAuditKey("r", 9), ReportAuditKey("r", 10));
  EXPECT_LT(UpdateTimeIndexKey(5, "z", 2030), UpdateTimeIndexKey(6, "a", 2000));
}

// A content patch's key is its report's row key and the etag: one report's patches share a prefix,
// and no etag's key is another report's (the escaped terminator ends the agency and the etag).
TEST(KeyEncodingTest, ContentPatchKeysAreUnderTheirReportsRowKey) {
  const std::string key = ContentPatchKey("a", 2024, "e1");
  EXPECT_EQ(key.rfind(ReportRowKey("a", 2024), 0), 0u);
  EXPECT_NE(ContentPatchKey("a", 2024, "e1"), ContentPatchKey("a", 2024, std::string("e1\0", 3)));
  EXPECT_NE(ContentPatchKey("a", 2024, "e1"), ContentPatchKey("a", 2025, "e1"));
  absl::string_view rest(key);
  rest.remove_prefix(ReportRowKey("a", 2024).size());
  auto etag = ConsumeString(&rest);
  ASSERT_TRUE(etag.ok());
  EXPECT_EQ(*etag, "e1");
  EXPECT_TRUE(rest.empty());
}

TEST(KeyEncodingTest, PrefixSuccessorSkipsTrailingFF) {
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor("a\xff"), "b");
  EXPECT_EQ(PrefixSuccessor("\xff\xff"), "");
}

TEST(KeyEncodingTest, MalformedKeysAreDataLoss) {
  absl::string_view truncated("\x01\x02", 2);
  EXPECT_THAT(ConsumeUint64(&truncated), StatusIs(absl::StatusCode::kDataLoss));
  absl::string_view unterminated("abc", 3);
  EXPECT_THAT(ConsumeString(&unterminated), StatusIs(absl::StatusCode::kDataLoss));
  absl::string_view bad_escape("a\0\x05", 3);
  EXPECT_THAT(ConsumeString(&bad_escape), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(DecodeReportRowKey(ReportRowKey("a", 1) + "x"),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(DecodeAuditKey("short"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(DecodeRequestRecordValue(RequestRecordValue("fp", "resp").substr(0, 7)),
              StatusIs(absl::StatusCode::kDataLoss));
  auto record = DecodeRequestRecordValue(RequestRecordValue("fp", "resp"));
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->fingerprint, "fp");
  EXPECT_EQ(record->response, "resp");
}

}  // namespace
}  // namespace nianbao::storage
