"""The whole chain and its errors from Python: the seed report drafted, rejected with a reason,
resubmitted, approved, published, read back as its published revision, corrected after publication;
and the google.rpc details a Python client decodes from every kind of refusal.

The tests of ChainTest run in name order and build on each other (one report's life)."""

import unittest

import grpc

import nianbao_interop as ni
from nianbao_interop import report_pb2, resources_pb2, workflow_pb2

AGENCY = "jianshan-jiaotiju"
YEAR = 2024
NAME = ni.report_name(AGENCY, YEAR)
OFFICIAL_NAME = "尖山区教体局"
FEE_STATEMENT = "本年度未收取政府信息公开信息处理费。"
DOMAIN = "nianbao.gov.cn"

AGENCIES = [
    ("jianshan-qu", "尖山区人民政府", "AGENCY_KIND_GOVERNMENT", "", "230502"),
    (AGENCY, OFFICIAL_NAME, "AGENCY_KIND_DEPARTMENT", "jianshan-qu", "230502"),
]
PRINCIPALS = {
    "li.qicao": [(AGENCY, ["ROLE_DRAFTER", "ROLE_READER"])],
    "wang.shenhe": [(AGENCY, ["ROLE_REVIEWER", "ROLE_READER"])],
    "zhao.qianfa": [(AGENCY, ["ROLE_APPROVER", "ROLE_READER"])],
    "chen.fabu": [(AGENCY, ["ROLE_PUBLISHER", "ROLE_READER"])],
    "qian.chayue": [(AGENCY, ["ROLE_READER"])],
}
State = resources_pb2.ReportState
View = resources_pb2.ReportView


class ChainTest(unittest.TestCase):
    servers = None
    seed = None
    state = {}  # What one step leaves to the next.

    @classmethod
    def setUpClass(cls):
        cls.seed = ni.import_fixture("2024_jianshan-jiaotiju.txt")
        cls.servers = ni.Servers(PRINCIPALS, AGENCIES)

    @classmethod
    def tearDownClass(cls):
        if cls.servers:
            cls.servers.close()  # Fails the run when a server does not exit 0 on SIGTERM.

    def call(self, method, request, principal):
        return getattr(self.servers.reports, method)(
            request, metadata=ni.metadata_for(principal), timeout=ni.CALL_TIMEOUT_S)

    def refused(self, method, request, principal, code, reason=None):
        """Calls, expects `code`, checks what every error carries, returns the decoded details."""
        with self.assertRaises(grpc.RpcError) as caught:
            self.call(method, request, principal)
        error = caught.exception
        self.assertEqual(error.code(), code, error.details())
        status, details = ni.rpc_status(error)
        self.assertEqual(status.code, code.value[0], "google.rpc.Status.code differs")
        self.assertEqual(status.message, error.details(), "google.rpc.Status.message differs")
        self.assertIn("ErrorInfo", details, f"no ErrorInfo among {list(details)}")
        self.assertEqual(details["ErrorInfo"].domain, DOMAIN)
        self.assertTrue(details["ErrorInfo"].reason)
        if reason:
            self.assertEqual(details["ErrorInfo"].reason, reason)
        self.assertIn("LocalizedMessage", details)
        self.assertEqual(details["LocalizedMessage"].locale, "zh-CN")
        self.assertTrue(ni.has_chinese(details["LocalizedMessage"].message))
        return details

    def bad_field(self, details):
        self.assertIn("BadRequest", details, f"no BadRequest among {list(details)}")
        return [violation.field for violation in details["BadRequest"].field_violations]

    # ---------------------------------------------------------------------------------------------
    # (a) the chain.

    def test_01_health(self):
        response = self.servers.health.Check(ni.health_pb2.HealthCheckRequest(service=""),
                                             timeout=ni.CALL_TIMEOUT_S)
        self.assertEqual(response.status, ni.health_pb2.HealthCheckResponse.SERVING)

    def test_02_create_returns_the_report(self):
        report = self.call("CreateReport", workflow_pb2.CreateReportRequest(
            parent=f"agencies/{AGENCY}", report_year=YEAR, content=self.seed), "li.qicao")
        self.assertIsInstance(report, resources_pb2.Report)
        self.assertEqual(report.name, NAME)
        self.assertEqual(report.state, State.REPORT_STATE_DRAFT)
        self.assertEqual(report.revision, 1)
        self.assertEqual(report.creator, "li.qicao")
        self.assertEqual(report.agency_display_name, OFFICIAL_NAME)
        self.assertEqual(report.content, self.seed)
        # The fee statement answers the S6_FEE warning; S5_CONTENT remains to acknowledge.
        edited = report_pb2.AnnualReport()
        edited.CopyFrom(self.seed)
        del edited.other_matters.paragraphs[:]
        edited.other_matters.paragraphs.add(kind=report_pb2.PARAGRAPH_KIND_BODY,
                                            text=FEE_STATEMENT)
        updated = self.call("UpdateReport", workflow_pb2.UpdateReportRequest(
            report=resources_pb2.Report(name=NAME, etag=report.etag, content=edited),
            update_mask={"paths": ["content.other_matters"]}), "li.qicao")
        self.assertIsInstance(updated, resources_pb2.Report)
        self.assertNotEqual(updated.etag, report.etag)
        self.assertEqual([p.text for p in updated.content.other_matters.paragraphs],
                         [FEE_STATEMENT])
        self.state["etag"] = updated.etag

    def test_03_submit_needs_the_warnings_acknowledged(self):
        details = self.refused("SubmitReport", workflow_pb2.SubmitReportRequest(
            name=NAME, etag=self.state["etag"]), "li.qicao",
            grpc.StatusCode.FAILED_PRECONDITION, "UNACKNOWLEDGED_WARNINGS")
        violations = details["PreconditionFailure"].violations
        self.assertTrue(all(v.type == "WARNING_NOT_ACKNOWLEDGED" for v in violations))
        self.assertEqual(sorted(v.subject for v in violations), ["S5_CONTENT"])
        submitted = self.call("SubmitReport", workflow_pb2.SubmitReportRequest(
            name=NAME, etag=self.state["etag"], acknowledged_warnings=["S5_CONTENT"]), "li.qicao")
        self.assertEqual(submitted.report.state, State.REPORT_STATE_IN_REVIEW)
        self.assertEqual(submitted.revision.name, f"{NAME}/revisions/1")
        self.assertEqual(submitted.revision.kind, resources_pb2.REVISION_KIND_SUBMITTED)
        self.state["etag"] = submitted.report.etag

    def test_04_reviewer_rejects_with_a_reason(self):
        reason = "表三数据需复核后重新提交。"
        rejected = self.call("RejectReport", workflow_pb2.RejectReportRequest(
            name=NAME, etag=self.state["etag"], reason=reason), "wang.shenhe")
        self.assertEqual(rejected.report.state, State.REPORT_STATE_DRAFT)
        self.assertEqual(rejected.report.rejection_reason, reason)
        # The rejected revision stays frozen as it was reviewed; the draft is the next one.
        self.assertEqual(rejected.report.revision, 2)
        frozen = self.call("GetRevision", workflow_pb2.GetRevisionRequest(
            name=f"{NAME}/revisions/1"), "qian.chayue")
        self.assertEqual(frozen.kind, resources_pb2.REVISION_KIND_SUBMITTED)
        self.assertEqual(frozen.submitter, "li.qicao")
        self.state["etag"] = rejected.report.etag

    def test_05_resubmit_approve_publish(self):
        submitted = self.call("SubmitReport", workflow_pb2.SubmitReportRequest(
            name=NAME, etag=self.state["etag"], acknowledged_warnings=["S5_CONTENT"]), "li.qicao")
        self.assertEqual(submitted.report.rejection_reason, "")
        approved = self.call("ApproveReport", workflow_pb2.ApproveReportRequest(
            name=NAME, etag=submitted.report.etag, comment="同意发布。"), "zhao.qianfa")
        self.assertEqual(approved.report.state, State.REPORT_STATE_APPROVED)
        self.assertEqual(approved.report.approver, "zhao.qianfa")
        published = self.call("PublishReport", workflow_pb2.PublishReportRequest(
            name=NAME, etag=approved.report.etag), "chen.fabu")
        self.assertEqual(published.report.state, State.REPORT_STATE_PUBLISHED)
        self.assertEqual(published.report.published_revision, 2)
        self.assertEqual(published.revision.name, f"{NAME}/revisions/2")
        self.assertEqual(published.revision.kind, resources_pb2.REVISION_KIND_PUBLISHED)
        self.assertEqual(published.revision.publisher, "chen.fabu")
        self.assertEqual(len(published.revision.content_sha256), 32)
        self.state["published_sha"] = published.revision.content_sha256
        self.state["etag"] = published.report.etag

    def test_06_portal_reads_the_published_revision(self):
        report = self.call("GetReport", workflow_pb2.GetReportRequest(
            name=NAME, view=View.REPORT_VIEW_BASIC), "qian.chayue")
        self.assertFalse(report.HasField("content"), "BASIC carries content")
        revision_name = f"{report.name}/revisions/{report.published_revision}"
        full = self.call("GetRevision", workflow_pb2.GetRevisionRequest(name=revision_name),
                         "qian.chayue")
        self.assertEqual(full.name, revision_name)
        self.assertEqual(full.report, NAME)
        self.assertEqual(full.kind, resources_pb2.REVISION_KIND_PUBLISHED)
        self.assertEqual(full.content_sha256, self.state["published_sha"])
        self.assertEqual([p.text for p in full.content.other_matters.paragraphs], [FEE_STATEMENT])
        basic = self.call("GetRevision", workflow_pb2.GetRevisionRequest(
            name=revision_name, view=View.REPORT_VIEW_BASIC), "qian.chayue")
        self.assertFalse(basic.HasField("content"))
        self.assertEqual(basic.content_sha256, self.state["published_sha"])

    def test_07_correction_after_publication(self):
        corrected = self.call("CorrectReport", workflow_pb2.CorrectReportRequest(
            name=NAME, etag=self.state["etag"], reason="更正表三笔误。"), "chen.fabu")
        self.assertEqual(corrected.report.state, State.REPORT_STATE_DRAFT)
        self.assertEqual(corrected.report.revision, 3)
        self.assertEqual(corrected.report.published_revision, 2)
        # A portal still lists it (published_only) and reads the published revision, unchanged.
        listed = self.call("ListReports", workflow_pb2.ListReportsRequest(
            parent="agencies/-", published_only=True), "qian.chayue")
        self.assertEqual([r.name for r in listed.reports], [NAME])
        by_state = self.call("ListReports", workflow_pb2.ListReportsRequest(
            parent="agencies/-", state=State.REPORT_STATE_PUBLISHED), "qian.chayue")
        self.assertEqual(list(by_state.reports), [])
        revision = self.call("GetRevision", workflow_pb2.GetRevisionRequest(
            name=f"{NAME}/revisions/2"), "qian.chayue")
        self.assertEqual(revision.content_sha256, self.state["published_sha"])
        # The correction goes through the chain and supersedes it once published.
        submitted = self.call("SubmitReport", workflow_pb2.SubmitReportRequest(
            name=NAME, etag=corrected.report.etag, acknowledged_warnings=["S5_CONTENT"]),
            "li.qicao")
        approved = self.call("ApproveReport", workflow_pb2.ApproveReportRequest(
            name=NAME, etag=submitted.report.etag), "zhao.qianfa")
        published = self.call("PublishReport", workflow_pb2.PublishReportRequest(
            name=NAME, etag=approved.report.etag), "chen.fabu")
        self.assertEqual(published.report.published_revision, 3)
        earlier = self.call("GetRevision", workflow_pb2.GetRevisionRequest(
            name=f"{NAME}/revisions/2", view=View.REPORT_VIEW_BASIC), "qian.chayue")
        self.assertEqual(earlier.kind, resources_pb2.REVISION_KIND_PUBLISHED)

    # ---------------------------------------------------------------------------------------------
    # (b) error details, as a Python client decodes them.

    def test_10_unknown_state_filter_names_state(self):
        details = self.refused("ListReports", workflow_pb2.ListReportsRequest(
            parent="agencies/-", state=99), "qian.chayue", grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(self.bad_field(details), ["state"])
        self.assertTrue(ni.has_chinese(details["BadRequest"].field_violations[0].description))

    def test_11_year_out_of_range_names_report_year(self):
        details = self.refused("ListReports", workflow_pb2.ListReportsRequest(
            parent="agencies/-", report_year=-3), "qian.chayue", grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(self.bad_field(details), ["report_year"])

    def test_12_bad_page_token_names_page_token(self):
        details = self.refused("ListReports", workflow_pb2.ListReportsRequest(
            parent="agencies/-", page_token="not-a-token"), "qian.chayue",
            grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(self.bad_field(details), ["page_token"])

    def test_13_missing_report_is_not_found_naming_it(self):
        missing = ni.report_name(AGENCY, 2019)
        details = self.refused("GetReport", workflow_pb2.GetReportRequest(name=missing),
                               "qian.chayue", grpc.StatusCode.NOT_FOUND)
        self.assertIn("ResourceInfo", details, f"no ResourceInfo among {list(details)}")
        self.assertEqual(details["ResourceInfo"].resource_name, missing)

    def test_14_missing_revision_is_not_found_naming_it(self):
        missing = f"{NAME}/revisions/99"
        details = self.refused("GetRevision", workflow_pb2.GetRevisionRequest(name=missing),
                               "qian.chayue", grpc.StatusCode.NOT_FOUND)
        self.assertEqual(details["ResourceInfo"].resource_name, missing)

    def test_15_old_revision_names_are_refused_naming_name(self):
        details = self.refused("GetRevision", workflow_pb2.GetRevisionRequest(
            name=f"{NAME}/revisions/2@published"), "qian.chayue",
            grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(self.bad_field(details), ["name"])

    def test_16_refused_for_the_role_without_the_state(self):
        # The report is PUBLISHED: approving it fails both the role check and the state check. A
        # reader is refused for the role, and not told the state.
        details = self.refused("ApproveReport", workflow_pb2.ApproveReportRequest(name=NAME),
                               "qian.chayue", grpc.StatusCode.PERMISSION_DENIED)
        self.assertNotIn("PreconditionFailure", details)
        everything = " ".join([details["LocalizedMessage"].message, details["ErrorInfo"].reason,
                               *details["ErrorInfo"].metadata.values()])
        for disclosed in ("PUBLISHED", "已发布"):
            self.assertNotIn(disclosed, everything)

    def test_17_unauthenticated_without_a_token(self):
        self.refused("ListReports", workflow_pb2.ListReportsRequest(parent="agencies/-"), None,
                     grpc.StatusCode.UNAUTHENTICATED)


if __name__ == "__main__":
    unittest.main()
