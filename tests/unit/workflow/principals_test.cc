#include "workflow/principals.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/protobuf/text_format.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::testing::StatusIs;
using ::testing::HasSubstr;

std::unique_ptr<PrincipalDirectory> LoadSample() {
  auto directory = PrincipalDirectory::LoadFromFile(nianbao::testing::SourceDir() +
                                                    "/tests/data/principals.textproto");
  EXPECT_TRUE(directory.ok()) << directory.status();
  return directory.ok() ? *std::move(directory) : nullptr;
}

TEST(PrincipalsTest, SampleFileLoadsAndAuthenticates) {
  auto directory = LoadSample();
  ASSERT_NE(directory, nullptr);
  EXPECT_EQ(directory->size(), 10u);
  absl::StatusOr<Principal> drafter = directory->Authenticate("test-token-li.qicao");
  ASSERT_TRUE(drafter.ok()) << drafter.status();
  EXPECT_EQ(drafter->name, "li.qicao");
  EXPECT_EQ(drafter->display_name, "李起草");
  EXPECT_TRUE(drafter->HasRole("shuyang-fagaiju", v1::ROLE_DRAFTER));
  EXPECT_FALSE(drafter->HasRole("shuyang-fagaiju", v1::ROLE_APPROVER));
  EXPECT_FALSE(drafter->HasAnyRole("jianshan-jiaotiju"));
}

TEST(PrincipalsTest, WrongOrEmptyTokenIsUnauthenticatedWithoutEchoingIt) {
  auto directory = LoadSample();
  ASSERT_NE(directory, nullptr);
  for (const std::string token :
       {"", "test-token-li.qicaO", "test-token-li.qicao ",
        "37175f238244597e1175fa583f7954a2657d5753503a84a258025ee059955f85"}) {
    absl::StatusOr<Principal> principal = directory->Authenticate(token);
    EXPECT_THAT(principal, StatusIs(absl::StatusCode::kUnauthenticated)) << token;
    if (!token.empty()) {
      EXPECT_THAT(std::string(principal.status().message()), ::testing::Not(HasSubstr(token)));
    }
  }
}

TEST(PrincipalsTest, CentralAuditorBindingAppliesToEveryAgency) {
  auto directory = LoadSample();
  ASSERT_NE(directory, nullptr);
  absl::StatusOr<Principal> central = directory->Authenticate("test-token-zhou.zhongyang");
  ASSERT_TRUE(central.ok());
  EXPECT_TRUE(central->HasRole("shuyang-fagaiju", v1::ROLE_CENTRAL_AUDITOR));
  EXPECT_TRUE(central->HasRole("any-agency", v1::ROLE_CENTRAL_AUDITOR));
  EXPECT_FALSE(central->HasRole("any-agency", v1::ROLE_DRAFTER));
  NIANBAO_EXPECT_OK(Authorize(*central, "x", v1::ROLE_CENTRAL_AUDITOR));
  absl::Status denied = Authorize(*central, "x", v1::ROLE_DRAFTER);
  EXPECT_THAT(denied, StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("起草人")));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetDetail(denied, kErrorInfoTypeUrl, info));
  EXPECT_EQ(info.reason(), "MISSING_ROLE");
}

TEST(PrincipalsTest, BearerHeader) {
  EXPECT_EQ(*BearerTokenFromHeader("Bearer abc"), "abc");
  EXPECT_EQ(*BearerTokenFromHeader("bearer  abc "), "abc");
  EXPECT_THAT(BearerTokenFromHeader("abc"), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(BearerTokenFromHeader("Bearer "), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(BearerTokenFromHeader(""), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(TokenDigestHex("test-token-li.qicao"),
            "37175f238244597e1175fa583f7954a2657d5753503a84a258025ee059955f85");
}

struct BadConfig {
  std::string text;
  std::string field;
};

class BadConfigTest : public ::testing::TestWithParam<BadConfig> {};

TEST_P(BadConfigTest, NamesTheField) {
  nianbao::config::v1::PrincipalsConfig config;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(GetParam().text, &config));
  auto directory = PrincipalDirectory::FromConfig(config);
  ASSERT_THAT(directory, StatusIs(absl::StatusCode::kInvalidArgument));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(GetDetail(directory.status(), kBadRequestTypeUrl, bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), GetParam().field);
}

const char kDigestA[] = "37175f238244597e1175fa583f7954a2657d5753503a84a258025ee059955f85";
const char kDigestB[] = "47175f238244597e1175fa583f7954a2657d5753503a84a258025ee059955f85";

INSTANTIATE_TEST_SUITE_P(
    Principals, BadConfigTest,
    ::testing::Values(
        BadConfig{"principals { token_sha256: \"" + std::string(kDigestA) + "\" }",
                  "principals[0].name"},
        BadConfig{"principals { name: \"a\" token_sha256: \"xyz\" }", "principals[0].token_sha256"},
        BadConfig{"principals { name: \"a\" token_sha256: \"" + std::string(kDigestA) +
                      "\" } principals { name: \"a\" token_sha256: \"" + kDigestB + "\" }",
                  "principals[1].name"},
        BadConfig{"principals { name: \"a\" token_sha256: \"" + std::string(kDigestA) +
                      "\" } principals { name: \"b\" token_sha256: \"" + kDigestA + "\" }",
                  "principals[1].token_sha256"},
        BadConfig{"principals { name: \"a\" token_sha256: \"" + std::string(kDigestA) +
                      "\" role_bindings { roles: ROLE_DRAFTER } }",
                  "principals[0].role_bindings[0].agency_id"},
        BadConfig{"principals { name: \"a\" token_sha256: \"" + std::string(kDigestA) +
                      "\" role_bindings { agency_id: \"x\" roles: ROLE_UNSPECIFIED } }",
                  "principals[0].role_bindings[0].roles[0]"}));

TEST(PrincipalsFileTest, MissingAndMalformedFiles) {
  EXPECT_THAT(PrincipalDirectory::LoadFromFile("/nonexistent/principals.textproto"),
              StatusIs(absl::StatusCode::kNotFound));
  nianbao::testing::TempDir dir;
  nianbao::testing::WriteFileOrDie(dir.File("p.textproto"), "principals {\n  nme: \"x\"\n}\n");
  EXPECT_THAT(PrincipalDirectory::LoadFromFile(dir.File("p.textproto")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 2")));
}

// SIGHUP's reload: the whole set changes at once; a Principal already returned is a value and
// stays as it was.
TEST(PrincipalsTest, ReplaceWithPutsTheNewSetInForceAtOnce) {
  auto directory = LoadSample();
  ASSERT_NE(directory, nullptr);
  absl::StatusOr<Principal> before = directory->Authenticate("test-token-li.qicao");
  ASSERT_TRUE(before.ok()) << before.status();
  nianbao::config::v1::PrincipalsConfig config;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      "principals { name: \"newcomer\" token_sha256: \"" + TokenDigestHex("newcomer-token") +
          "\" role_bindings { agency_id: \"shuyang-fagaiju\" roles: ROLE_READER } }",
      &config));
  auto replacement = PrincipalDirectory::FromConfig(config);
  ASSERT_TRUE(replacement.ok()) << replacement.status();
  directory->ReplaceWith(**replacement);
  replacement->reset();  // the directory shares the set; it does not borrow the other directory
  EXPECT_EQ(directory->size(), 1u);
  EXPECT_THAT(directory->Authenticate("test-token-li.qicao"),
              StatusIs(absl::StatusCode::kUnauthenticated));
  absl::StatusOr<Principal> newcomer = directory->Authenticate("newcomer-token");
  ASSERT_TRUE(newcomer.ok()) << newcomer.status();
  EXPECT_TRUE(newcomer->HasRole("shuyang-fagaiju", v1::ROLE_READER));
  EXPECT_EQ(directory->RoleBindings().size(), 1u);
  EXPECT_EQ(before->name, "li.qicao");
  EXPECT_TRUE(before->HasRole("shuyang-fagaiju", v1::ROLE_DRAFTER));
}

}  // namespace
}  // namespace nianbao::workflow
