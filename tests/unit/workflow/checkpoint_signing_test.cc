#include "workflow/checkpoint_signing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "workflow/digest.h"

namespace nianbao::workflow {
namespace {

using ::nianbao::testing::StatusIs;

const absl::Time kNow = absl::FromUnixSeconds(1706000000) + absl::Milliseconds(250);

TEST(CheckpointSigningTest, SignedCheckpointVerifies) {
  auto key = AuditSigningKey::Generate();
  ASSERT_TRUE(key.ok()) << key.status();
  auto checkpoint = (*key)->Sign(42, std::string(32, '\7'), kNow);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  EXPECT_EQ(checkpoint->signature().size(), 64u);
  EXPECT_EQ(checkpoint->key_id(), (*key)->key_id());
  EXPECT_EQ(checkpoint->time().nanos(), 250000000);
  auto verifier = AuditVerifyingKey::FromPem((*key)->public_key_pem());
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_EQ((*verifier)->key_id(), (*key)->key_id());
  NIANBAO_EXPECT_OK((*verifier)->Verify(*checkpoint));
}

TEST(CheckpointSigningTest, TamperedCheckpointFails) {
  auto key = AuditSigningKey::Generate();
  ASSERT_TRUE(key.ok());
  auto checkpoint = (*key)->Sign(42, std::string(32, '\7'), kNow);
  ASSERT_TRUE(checkpoint.ok());
  auto verifier = AuditVerifyingKey::FromPem((*key)->public_key_pem());
  ASSERT_TRUE(verifier.ok());
  for (int field = 0; field < 4; ++field) {
    nianbao::v1::AuditCheckpoint tampered = *checkpoint;
    if (field == 0) tampered.set_sequence(43);
    if (field == 1) tampered.set_head_hash(std::string(32, '\6'));
    if (field == 2) tampered.mutable_time()->set_seconds(1706000001);
    if (field == 3) tampered.mutable_signature()->at(10) ^= 1;
    EXPECT_THAT((*verifier)->Verify(tampered), StatusIs(absl::StatusCode::kDataLoss)) << field;
  }
}

TEST(CheckpointSigningTest, WrongKeyFails) {
  auto key = AuditSigningKey::Generate();
  auto other = AuditSigningKey::Generate();
  ASSERT_TRUE(key.ok() && other.ok());
  auto checkpoint = (*key)->Sign(1, std::string(32, '\0'), kNow);
  ASSERT_TRUE(checkpoint.ok());
  auto other_verifier = AuditVerifyingKey::FromPem((*other)->public_key_pem());
  ASSERT_TRUE(other_verifier.ok());
  EXPECT_THAT((*other_verifier)->Verify(*checkpoint),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  // Claiming the other key's id does not help a forger.
  nianbao::v1::AuditCheckpoint relabelled = *checkpoint;
  relabelled.set_key_id((*other)->key_id());
  EXPECT_THAT((*other_verifier)->Verify(relabelled), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(CheckpointSigningTest, KeyFileRoundTripAndCreation) {
  nianbao::testing::TempDir dir;
  const std::string path = dir.File("audit-key.pem");
  auto created = AuditSigningKey::LoadOrCreate(path);
  ASSERT_TRUE(created.ok()) << created.status();
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto loaded = AuditSigningKey::LoadOrCreate(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->key_id(), (*created)->key_id());
  auto from_file = AuditSigningKey::FromPemFile(path);
  ASSERT_TRUE(from_file.ok());
  EXPECT_EQ((*from_file)->public_key_pem(), (*created)->public_key_pem());
  // key_id is the SHA-256 of the raw 32-byte key: 64 hex digits.
  EXPECT_EQ((*created)->key_id().size(), 64u);
}

TEST(CheckpointSigningTest, BadKeysAreRefused) {
  EXPECT_THAT(AuditSigningKey::FromPem("not a key"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      AuditVerifyingKey::FromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
      StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(AuditSigningKey::FromPemFile("/nonexistent/key.pem"),
              StatusIs(absl::StatusCode::kNotFound));
  // A private key where a public one belongs.
  auto key = AuditSigningKey::Generate();
  ASSERT_TRUE(key.ok());
  EXPECT_THAT(AuditVerifyingKey::FromPem(*(*key)->PrivateKeyPem()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(CheckpointSigningTest, PayloadIsDocumentedText) {
  nianbao::v1::AuditCheckpoint checkpoint;
  checkpoint.set_sequence(7);
  checkpoint.set_head_hash(std::string("\x01\xff", 2));
  checkpoint.mutable_time()->set_seconds(100);
  checkpoint.mutable_time()->set_nanos(5);
  checkpoint.set_key_id("abc");
  EXPECT_EQ(CheckpointSigningPayload(checkpoint),
            "nianbao.v1.AuditCheckpoint\n7\n01ff\n100.000000005\nabc\n");
  // Scoped to an agency, the agency's head follows; an id cannot add lines of its own.
  checkpoint.set_agency_id("a\nb");
  checkpoint.set_agency_sequence(3);
  checkpoint.set_agency_head_hash(std::string("\x02", 1));
  EXPECT_EQ(CheckpointSigningPayload(checkpoint),
            "nianbao.v1.AuditCheckpoint\n7\n01ff\n100.000000005\nabc\nagency\na\\nb\n3\n02\n");
}

TEST(CheckpointSigningTest, ScopedCheckpointSignsTheAgencyHead) {
  auto key = AuditSigningKey::Generate();
  ASSERT_TRUE(key.ok());
  auto checkpoint = (*key)->SignScoped(42, std::string(32, '\7'), "shuyang-fagaiju", 5,
                                       std::string(32, '\5'), kNow);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  EXPECT_EQ(checkpoint->agency_id(), "shuyang-fagaiju");
  EXPECT_EQ(checkpoint->agency_sequence(), 5);
  auto verifier = AuditVerifyingKey::FromPem((*key)->public_key_pem());
  ASSERT_TRUE(verifier.ok());
  NIANBAO_EXPECT_OK((*verifier)->Verify(*checkpoint));
  for (int field = 0; field < 4; ++field) {
    nianbao::v1::AuditCheckpoint tampered = *checkpoint;
    if (field == 0) tampered.set_agency_id("other-agency");
    if (field == 1) tampered.set_agency_sequence(4);
    if (field == 2) tampered.set_agency_head_hash(std::string(32, '\6'));
    if (field == 3) tampered.clear_agency_id();  // passed off as a global checkpoint
    EXPECT_THAT((*verifier)->Verify(tampered), StatusIs(absl::StatusCode::kDataLoss)) << field;
  }
  EXPECT_THAT((*key)->SignScoped(42, std::string(32, '\7'), "", 0, "", kNow),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace nianbao::workflow
