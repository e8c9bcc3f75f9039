// Sha256 against the standard's test vectors (FIPS 180-2 and NIST's examples), from many threads at
// once (each reuses its own digest context), and HexEncode/DeterministicSerialize.
#include "workflow/digest.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "nianbao/v1/report.pb.h"
#include "nianbao/v1/resources.pb.h"

namespace nianbao::workflow {
namespace {

struct Vector {
  std::string input;
  const char* hex;
};

std::vector<Vector> StandardVectors() {
  return {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {std::string(1000000, 'a'),
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
}

TEST(Sha256Test, MatchesTheStandardsVectors) {
  for (const Vector& v : StandardVectors()) {
    const std::string digest = Sha256(v.input);
    EXPECT_EQ(digest.size(), kSha256Size);
    EXPECT_EQ(HexEncode(digest), v.hex) << "input of " << v.input.size() << " bytes";
  }
}

TEST(Sha256Test, RepeatedCallsOnOneThreadDoNotCarryState) {
  // The thread's context is reused: a digest must not depend on the one before it.
  for (int round = 0; round < 3; ++round) {
    for (const Vector& v : StandardVectors()) EXPECT_EQ(HexEncode(Sha256(v.input)), v.hex);
  }
}

TEST(Sha256Test, ThreadsHashAtOnceWithoutInterference) {
  const std::vector<Vector> vectors = StandardVectors();
  std::vector<int> wrong(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const Vector& v = vectors[(t + i) % 3];  // the short ones
        if (HexEncode(Sha256(v.input)) != v.hex) ++wrong[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
}

TEST(HexEncodeTest, LowercaseTwoDigitsPerByte) {
  EXPECT_EQ(HexEncode(std::string("\x00\x0f\xa5\xff", 4)), "000fa5ff");
  EXPECT_EQ(HexEncode(""), "");
}

TEST(DeterministicSerializeTest, EqualMessagesGiveEqualBytes) {
  nianbao::v1::AnnualReport a;
  a.mutable_metadata()->set_title("上海市2024年政府信息公开工作年度报告");
  nianbao::v1::AnnualReport b = a;
  EXPECT_EQ(DeterministicSerialize(a), DeterministicSerialize(b));
  EXPECT_EQ(DeterministicSerialize(a), a.SerializeAsString());
  b.mutable_metadata()->set_title("另一份");
  EXPECT_NE(DeterministicSerialize(a), DeterministicSerialize(b));
}

// A message written as its other fields followed by one field appended from bytes reads back as
// the message itself: for a small and a large (multi-byte length) value, and for a field number
// above 15 (a two-byte tag).
TEST(AppendLengthDelimitedFieldTest, AppendedFieldReadsBackAsTheMessage) {
  nianbao::v1::Report report;
  report.set_name("agencies/a/reports/2024");
  report.set_creator("li.qicao");
  report.set_approver("zhao.qianfa");  // field 17
  for (const size_t title_bytes : {size_t{3}, size_t{200}, size_t{70000}}) {
    report.mutable_content()->mutable_metadata()->set_title(std::string(title_bytes, 'x'));
    nianbao::v1::Report without_content = report;
    without_content.clear_content();
    std::string bytes = DeterministicSerialize(without_content);
    AppendLengthDelimitedField(nianbao::v1::Report::kContentFieldNumber,
                               DeterministicSerialize(report.content()), &bytes);
    nianbao::v1::Report parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes)) << title_bytes;
    EXPECT_EQ(DeterministicSerialize(parsed), DeterministicSerialize(report)) << title_bytes;
  }
  nianbao::v1::Report approver_only;
  std::string bytes;
  AppendLengthDelimitedField(17, "zhao.qianfa", &bytes);
  ASSERT_TRUE(approver_only.ParseFromString(bytes));
  EXPECT_EQ(approver_only.approver(), "zhao.qianfa");
}

}  // namespace
}  // namespace nianbao::workflow
