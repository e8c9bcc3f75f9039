// FindRevisionDamage: a revision matches its digest and the event that froze it, or the damage is
// named (content changed, digest changed with it, no freezing event).
#include "workflow/revision_integrity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "workflow/digest.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;
using ::testing::HasSubstr;

constexpr char kReport[] = "agencies/a/reports/2024";

v1::ReportRevision Revision(v1::RevisionKind kind) {
  v1::ReportRevision revision;
  revision.set_name(absl::StrCat(kReport, "/revisions/2"));
  revision.set_report(kReport);
  revision.set_revision(2);
  revision.set_kind(kind);
  revision.mutable_content()->mutable_metadata()->set_title("2024 年报");
  revision.set_content_sha256(Sha256(DeterministicSerialize(revision.content())));
  return revision;
}

v1::AuditEvent Froze(const v1::ReportRevision& revision, v1::AuditAction action) {
  v1::AuditEvent event;
  event.set_sequence(7);
  event.set_report(kReport);
  event.set_action(action);
  event.set_outcome(v1::AUDIT_OUTCOME_SUCCEEDED);
  event.set_revision(revision.revision());
  event.set_content_sha256_after(revision.content_sha256());
  return event;
}

TEST(RevisionIntegrityTest, MatchingRevisionsHaveNoDamage) {
  for (auto kind : {v1::REVISION_KIND_SUBMITTED, v1::REVISION_KIND_PUBLISHED}) {
    const v1::ReportRevision revision = Revision(kind);
    const std::vector<v1::AuditEvent> events = {Froze(revision, FreezingAction(kind))};
    EXPECT_FALSE(FindRevisionDamage(revision, events).has_value());
    EXPECT_TRUE(CheckRevisionIntegrity(revision, events).ok());
  }
}

TEST(RevisionIntegrityTest, ChangedContentIsNamed) {
  v1::ReportRevision revision = Revision(v1::REVISION_KIND_PUBLISHED);
  const std::vector<v1::AuditEvent> events = {Froze(revision, v1::AUDIT_ACTION_PUBLISH)};
  revision.mutable_content()->mutable_metadata()->set_title("改");
  auto damage = FindRevisionDamage(revision, events);
  ASSERT_TRUE(damage.has_value());
  EXPECT_THAT(damage->en, HasSubstr("does not match its digest"));
  EXPECT_THAT(damage->zh, HasSubstr(revision.name()));
  EXPECT_EQ(CheckRevisionIntegrity(revision, events).code(), absl::StatusCode::kDataLoss);
}

TEST(RevisionIntegrityTest, DigestChangedWithTheContentIsCaughtByTheEvent) {
  v1::ReportRevision revision = Revision(v1::REVISION_KIND_PUBLISHED);
  const std::vector<v1::AuditEvent> events = {Froze(revision, v1::AUDIT_ACTION_PUBLISH)};
  revision.mutable_content()->mutable_metadata()->set_title("改");
  revision.set_content_sha256(Sha256(DeterministicSerialize(revision.content())));
  auto damage = FindRevisionDamage(revision, events);
  ASSERT_TRUE(damage.has_value());
  EXPECT_THAT(damage->en, HasSubstr("audit event 7"));
}

TEST(RevisionIntegrityTest, WithoutItsFreezingEventARevisionIsDamaged) {
  const v1::ReportRevision revision = Revision(v1::REVISION_KIND_PUBLISHED);
  // A submit of the same revision does not freeze its published copy; a denied publish neither.
  v1::AuditEvent denied = Froze(revision, v1::AUDIT_ACTION_PUBLISH);
  denied.set_outcome(v1::AUDIT_OUTCOME_DENIED);
  const std::vector<v1::AuditEvent> events = {Froze(revision, v1::AUDIT_ACTION_SUBMIT), denied};
  auto damage = FindRevisionDamage(revision, events);
  ASSERT_TRUE(damage.has_value());
  EXPECT_THAT(damage->en, HasSubstr("no audit event"));
}

}  // namespace
}  // namespace nianbao::workflow
