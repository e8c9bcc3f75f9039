// Content patches and etag references without a store (storage/content_patch.h,
// request_record.h): the checksum is xxHash64's, a patch rebuilds the older content whatever the
// change, and a record's etag piece splits, encodes and joins, refusing other bytes. The store's
// side is content_patch_store_test.cc.
#include "storage/content_patch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "nianbao/v1/resources.pb.h"
#include "storage/request_record.h"
#include "tests/support/status_matchers.h"

namespace nianbao::storage {
namespace {

using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;
using nianbao::v1::Report;

TEST(ContentPatchTest, ChecksumIsXxHash64AndPatchesRebuildTheOlderContent) {
  // The reference library's values (libxxhash 0.8.1, seed 0): stored checksums must never change.
  EXPECT_EQ(ContentChecksum(""), 0xEF46DB3751D8E999ULL);
  EXPECT_EQ(ContentChecksum("abc"), 0x44BC2CF5AD770999ULL);
  EXPECT_EQ(ContentChecksum("Nobody inspects the spammish repetition"), 0xFBCEA83C8A378BF1ULL);
  EXPECT_EQ(ContentChecksum("0123456789abcdef0123456789abcdef0123456789ABCDEFG"),
            0xDD427AB1E80BBD12ULL);
  const std::string base(1000, 'x');
  const std::vector<std::pair<std::string, std::string>> cases = {
      {base, base},                                            // unchanged
      {base + "tail", base},                                   // appended
      {base, base + "tail"},                                   // cut
      {"head" + base, base},                                   // prefixed
      {base.substr(0, 400) + "MID" + base.substr(400), base},  // inserted
      {base.substr(0, 400) + "AB" + base.substr(402), base},   // replaced, same length
      {"", base},                                              // emptied
      {base, ""},                                              // filled
      {"abcabc", "abc"},                                       // overlapping prefix and suffix
      {std::string(300, 'o'), std::string(300, 'n')},          // whole replacement
  };
  for (const auto& [older, newer] : cases) {
    const std::string value = EncodeContentPatch(77, "e-new", older, newer);
    EXPECT_EQ(RequestRecordWriteMicros(value), 77);  // the TTL filter dates it
    auto patch = DecodeContentPatch(value);
    ASSERT_THAT(patch, IsOk());
    EXPECT_EQ(patch->newer_etag, "e-new");
    EXPECT_LE(patch->middle.size(), older.size());
    auto rebuilt = ApplyContentPatch(*patch, newer);
    ASSERT_THAT(rebuilt, IsOk());
    EXPECT_EQ(*rebuilt, older);
  }
  // A small change costs a small patch; a patch for a longer newer content is refused, not applied.
  const std::string small =
      EncodeContentPatch(1, "e", base.substr(0, 400) + "AB" + base.substr(402), base);
  EXPECT_LT(small.size(), 60u);
  auto patch = DecodeContentPatch(EncodeContentPatch(1, "e", base, base));
  ASSERT_THAT(patch, IsOk());
  EXPECT_THAT(ApplyContentPatch(*patch, "short"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(DecodeContentPatch("\x01"
                                 "short"),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(ContentPatchTest, EtagReferenceSplitsEncodesAndJoins) {
  Report row;
  row.set_etag("e7");
  row.mutable_content()->mutable_metadata()->set_title(std::string(500, 't'));
  const std::string bytes = row.SerializeAsString();
  auto fields = ReportRowFieldsOf(bytes);
  ASSERT_THAT(fields, IsOk());
  EXPECT_EQ(fields->etag, "e7");
  EXPECT_EQ(fields->content, row.content().SerializeAsString());
  StoredRequest split = SplitResponse("fp", 5, "a", 2024, bytes, {}, &*fields);
  ASSERT_EQ(split.pieces.size(), 3u);  // the row's other fields around the content
  EXPECT_EQ(split.pieces[1].etag, "e7");
  const std::string encoded = EncodeRequestRecord(split);
  EXPECT_LT(encoded.size(), 100u);
  auto decoded = DecodeRequestRecord(encoded);
  ASSERT_THAT(decoded, IsOk());
  auto no_revision = [](int64_t, int) -> absl::StatusOr<std::string> {
    return absl::InternalError("no revision is referenced");
  };
  std::string asked;
  auto joined = JoinResponse(*decoded, no_revision,
                             [&](const ResponsePiece& piece) -> absl::StatusOr<std::string> {
                               asked = piece.etag;
                               return std::string(fields->content);
                             });
  ASSERT_THAT(joined, IsOk());
  EXPECT_EQ(*joined, bytes);
  EXPECT_EQ(asked, "e7");
  // Other bytes of the same length are refused by the checksum, a shorter content by its length.
  std::string other(fields->content);
  other.back() ^= 1;
  for (const std::string& wrong : {other, other.substr(1)}) {
    EXPECT_THAT(
        JoinResponse(*decoded, no_revision,
                     [&](const ResponsePiece&) -> absl::StatusOr<std::string> { return wrong; }),
        StatusIs(absl::StatusCode::kDataLoss));
  }
  EXPECT_THAT(JoinResponse(*decoded, no_revision), StatusIs(absl::StatusCode::kDataLoss));
  // No etag, or a short content: no reference.
  ReportRowFields no_etag = *fields;
  no_etag.etag = "";
  EXPECT_EQ(SplitResponse("fp", 5, "a", 2024, bytes, {}, &no_etag).pieces.size(), 1u);
}

}  // namespace
}  // namespace nianbao::storage
