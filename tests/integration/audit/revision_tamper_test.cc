// A frozen revision changed in the store behind the server's back (the probe's finding: a published
// revision's content was served unnoticed, since its stored digest was not checked on read and
// VerifyChain checked events only): reads refuse it with DATA_LOSS naming the revision, and
// VerifyChain of its report names it, whether the row's digest was left as it was or recomputed
// to match (the audit event that froze it still holds the original).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "storage/key_encoding.h"
#include "tests/integration/audit/audit_fixture.h"
#include "tests/support/status_matchers.h"
#include "workflow/digest.h"

namespace nianbao::audit_test {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kAgency[] = "shuyang-fagaiju";
constexpr int kYear = 2023;
constexpr char kReport[] = "agencies/shuyang-fagaiju/reports/2023";

class RevisionTamperTest : public AuditStackTest {
 protected:
  void SetUp() override {
    AuditStackTest::SetUp();
    RunWholeLifecycle(kYear);  // ends published, then corrected
  }

  v1::ReportRevision Published() {
    auto revisions = store_->ListRevisions({kAgency, kYear});
    EXPECT_THAT(revisions, IsOk());
    for (const v1::ReportRevision& revision : *revisions) {
      if (revision.kind() == v1::REVISION_KIND_PUBLISHED) return revision;
    }
    ADD_FAILURE() << "no published revision";
    return v1::ReportRevision();
  }

  // Rewrites the published revision's row with RocksDB's own API, the store closed.
  void TamperWithPublished(const std::function<void(v1::ReportRevision*)>& edit) {
    v1::ReportRevision revision = Published();
    edit(&revision);
    const std::string key =
        storage::RevisionKey(kAgency, kYear, revision.revision(), v1::REVISION_KIND_PUBLISHED);
    Close();
    const std::string path = dir_.File("db");
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const std::string& name : names) {
      descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles, &db).ok());
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] != "revisions") continue;
      rocksdb::WriteOptions sync;
      sync.sync = true;
      EXPECT_TRUE(db->Put(sync, handles[i], key, revision.SerializeAsString()).ok());
    }
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
    delete db;
    Open();
  }

  absl::Status ReadPublished(int64_t revision) {
    v1::GetRevisionRequest request;
    request.set_name(absl::StrCat(kReport, "/revisions/", revision));
    v1::ReportRevision response;
    return workflow_->GetRevision(Caller("qian.chayue"), request, &response);
  }

  absl::Status ListRevisions() {
    v1::ListRevisionsRequest request;
    request.set_parent(kReport);
    v1::ListRevisionsResponse response;
    return workflow_->ListRevisions(Caller("qian.chayue"), request, &response);
  }
};

TEST_F(RevisionTamperTest, UntouchedRevisionsAreServedAndVerify) {
  const int64_t revision = Published().revision();
  EXPECT_THAT(ReadPublished(revision), IsOk());
  EXPECT_THAT(ListRevisions(), IsOk());
  EXPECT_TRUE(VerifyReport(kReport).intact());
}

TEST_F(RevisionTamperTest, ChangedContentIsRefusedOnReadAndNamedByVerifyChain) {
  const v1::ReportRevision before = Published();
  TamperWithPublished([](v1::ReportRevision* revision) {
    revision->mutable_content()->mutable_metadata()->set_title("篡改后的标题");
  });
  EXPECT_THAT(ReadPublished(before.revision()),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr(before.name())));
  EXPECT_THAT(ListRevisions(), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("digest")));
  const v1::VerifyChainResponse verified = VerifyReport(kReport);
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_break().kind(), v1::CHAIN_BREAK_KIND_ALTERED);
  EXPECT_THAT(verified.first_break().message(), HasSubstr(before.name()));
  EXPECT_THAT(verified.first_break().message_zh(), HasSubstr("已损坏"));
}

TEST_F(RevisionTamperTest, ChangedContentWithARecomputedDigestIsCaughtByTheTrail) {
  const v1::ReportRevision before = Published();
  TamperWithPublished([](v1::ReportRevision* revision) {
    revision->mutable_content()->mutable_metadata()->set_title("篡改后的标题");
    revision->set_content_sha256(
        workflow::Sha256(workflow::DeterministicSerialize(revision->content())));
  });
  EXPECT_THAT(ReadPublished(before.revision()),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("audit event")));
  const v1::VerifyChainResponse verified = VerifyReport(kReport);
  EXPECT_FALSE(verified.intact());
  EXPECT_THAT(verified.first_break().message(), HasSubstr("audit event"));
}

}  // namespace
}  // namespace nianbao::audit_test
