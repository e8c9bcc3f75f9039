"""The change feed (WatchReports) followed from Python as a portal or an upper-level office follows
it: from the first change, across a client reconnect and a server restart, resuming each time with
the last next_cursor received; every change must arrive exactly once and in the order it was made.
Then the filters, the supervising office's subtree and the refusals."""

import threading
import unittest

import grpc

import nianbao_interop as ni
from nianbao_interop import report_pb2, resources_pb2, workflow_pb2

DEPARTMENT = "jianshan-jiaotiju"
SIBLING = "jianshan-weijianju"
OUTSIDE = "other-city"
AGENCIES = [
    ("jianshan-qu", "尖山区人民政府", "AGENCY_KIND_GOVERNMENT", "", "230502"),
    (DEPARTMENT, "尖山区教体局", "AGENCY_KIND_DEPARTMENT", "jianshan-qu", "230502"),
    (SIBLING, "尖山区卫健局", "AGENCY_KIND_DEPARTMENT", "jianshan-qu", "230502"),
    (OUTSIDE, "外市人民政府", "AGENCY_KIND_GOVERNMENT", "", ""),
]
ALL = [DEPARTMENT, SIBLING, OUTSIDE]
PRINCIPALS = {
    "drafter": [(agency, ["ROLE_DRAFTER"]) for agency in ALL],
    "approver": [(DEPARTMENT, ["ROLE_APPROVER"])],
    "publisher": [(DEPARTMENT, ["ROLE_PUBLISHER"])],
    "reader": [(agency, ["ROLE_READER"]) for agency in ALL],
    "department.reader": [(DEPARTMENT, ["ROLE_READER"])],
    "office": [("jianshan-qu", ["ROLE_SUPERVISOR"])],
}
Action = resources_pb2.AuditAction
WAIT_S = 30


class Feed:
    """A followed WatchReports stream read by a thread: the changes so far, and the next_cursor of
    the last message received whole."""

    def __init__(self, stub, principal, cursor, parent="agencies/-"):
        self.changes, self.cursor, self.error, self.ended = [], cursor, None, False
        self._condition = threading.Condition()
        self._call = stub.WatchReports(
            workflow_pb2.WatchReportsRequest(parent=parent, cursor=cursor, follow=True),
            metadata=ni.metadata_for(principal))
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        try:
            for message in self._call:
                with self._condition:
                    self.changes.extend(message.changes)
                    self.cursor = message.next_cursor
                    self._condition.notify_all()
        except grpc.RpcError as error:
            self.error = error
        finally:
            with self._condition:
                self.ended = True
                self._condition.notify_all()

    def wait_for(self, count):
        with self._condition:
            if not self._condition.wait_for(
                    lambda: len(self.changes) >= count or self.ended, timeout=WAIT_S):
                raise AssertionError(f"{len(self.changes)} of {count} changes after {WAIT_S} s")
            if len(self.changes) < count:
                raise AssertionError(f"the feed ended after {len(self.changes)} of {count} "
                                     f"changes: {self.error}")

    def wait_ended(self):
        self._thread.join(WAIT_S)
        if self._thread.is_alive():
            raise AssertionError("the feed did not end")

    def cancel(self):
        self._call.cancel()
        self.wait_ended()


def summary(changes):
    return [(change.report, Action.Name(change.action)) for change in changes]


class WatchTest(unittest.TestCase):
    servers = None

    @classmethod
    def setUpClass(cls):
        cls.seed = ni.import_fixture("2024_jianshan-jiaotiju.txt")
        cls.servers = ni.Servers(PRINCIPALS, AGENCIES)

    @classmethod
    def tearDownClass(cls):
        if cls.servers:
            cls.servers.close()

    def setUp(self):
        self.expected = []  # (report, action) of every change made, in order.
        self.etags = {}

    def call(self, method, request, principal):
        return getattr(self.servers.reports, method)(
            request, metadata=ni.metadata_for(principal), timeout=ni.CALL_TIMEOUT_S)

    def change(self, method, name, principal, action, **fields):
        """One change of `name` through `method`; remembers what the feed must carry for it."""
        if method == "CreateReport":
            agency, year = name.split("/")[1], int(name.split("/")[3])
            request = workflow_pb2.CreateReportRequest(
                parent=f"agencies/{agency}", report_year=year, **fields)
        elif method == "UpdateReport":
            request = workflow_pb2.UpdateReportRequest(report=resources_pb2.Report(
                name=name, etag=self.etags[name], **fields))
        else:
            request = getattr(workflow_pb2, method.replace("Report", "ReportRequest"))(
                name=name, etag=self.etags[name], **fields)
        answer = self.call(method, request, principal)
        report = answer if isinstance(answer, resources_pb2.Report) else answer.report
        self.etags[name] = report.etag
        self.expected.append((name, Action.Name(action)))
        return report

    def read_feed(self, principal="reader", **request):
        """WatchReports without follow: every change from the cursor to the newest."""
        request.setdefault("parent", "agencies/-")
        return [change for message in self.servers.reports.WatchReports(
            workflow_pb2.WatchReportsRequest(**request), metadata=ni.metadata_for(principal),
            timeout=ni.CALL_TIMEOUT_S) for change in message.changes]

    def test_follow_across_a_reconnect_and_a_restart(self):
        department = ni.report_name(DEPARTMENT, 2024)
        sibling = ni.report_name(SIBLING, 2024)
        outside = ni.report_name(OUTSIDE, 2024)
        self.change("CreateReport", department, "drafter", Action.AUDIT_ACTION_CREATE,
                    content=self.seed)
        self.change("CreateReport", sibling, "drafter", Action.AUDIT_ACTION_CREATE)
        # A refusal is in the audit trail, never in the feed.
        with self.assertRaises(grpc.RpcError):
            self.call("CreateReport", workflow_pb2.CreateReportRequest(
                parent=f"agencies/{OUTSIDE}", report_year=2023), "reader")

        first = Feed(self.servers.reports, "reader", "")
        first.wait_for(2)
        fee = report_pb2.AnnualReport()
        fee.CopyFrom(self.seed)
        del fee.other_matters.paragraphs[:]
        fee.other_matters.paragraphs.add(kind=report_pb2.PARAGRAPH_KIND_BODY,
                                         text="本年度未收取政府信息公开信息处理费。")
        self.change("UpdateReport", department, "drafter", Action.AUDIT_ACTION_UPDATE,
                    content=fee)
        self.change("CreateReport", outside, "drafter", Action.AUDIT_ACTION_CREATE)
        first.wait_for(4)
        self.assertEqual(summary(first.changes), self.expected)

        # The client goes away; changes are made meanwhile; it comes back with its cursor.
        first.cancel()
        self.change("SubmitReport", department, "drafter", Action.AUDIT_ACTION_SUBMIT,
                    acknowledged_warnings=["S5_CONTENT"])
        self.change("UpdateReport", sibling, "drafter", Action.AUDIT_ACTION_UPDATE,
                    content=report_pb2.AnnualReport(
                        metadata=report_pb2.ReportMetadata(report_year=2024)))
        second = Feed(self.servers.reports, "reader", first.cursor)
        second.wait_for(2)
        self.assertEqual(summary(first.changes + second.changes), self.expected)

        # The server goes down under the open stream and comes back on the same data.
        self.servers.stop_workflow()
        second.wait_ended()
        self.assertEqual(summary(first.changes + second.changes), self.expected)
        self.servers.start_workflow()
        third = Feed(self.servers.reports, "reader", second.cursor)
        self.change("ApproveReport", department, "approver", Action.AUDIT_ACTION_APPROVE)
        published = self.change("PublishReport", department, "publisher",
                                Action.AUDIT_ACTION_PUBLISH)
        self.change("CorrectReport", department, "publisher", Action.AUDIT_ACTION_CORRECT,
                    reason="更正笔误。")
        self.change("CreateReport", ni.report_name(SIBLING, 2023), "drafter",
                    Action.AUDIT_ACTION_CREATE)
        third.wait_for(4)
        received = first.changes + second.changes + third.changes
        self.assertEqual(summary(received), self.expected)
        third.cancel()

        # What each change says about the report.
        publish = received[self.expected.index((department, "AUDIT_ACTION_PUBLISH"))]
        self.assertEqual(publish.state, resources_pb2.REPORT_STATE_PUBLISHED)
        self.assertEqual(publish.revision, published.published_revision)
        self.assertEqual(publish.published_revision, published.published_revision)
        self.assertEqual(publish.actor, "publisher")
        self.assertEqual(publish.agency_id, DEPARTMENT)
        self.assertEqual(publish.report_year, 2024)
        correct = received[self.expected.index((department, "AUDIT_ACTION_CORRECT"))]
        self.assertEqual(correct.state, resources_pb2.REPORT_STATE_DRAFT)
        self.assertEqual(correct.published_revision, published.published_revision)
        times = [change.change_time.ToNanoseconds() for change in received]
        self.assertEqual(times, sorted(times))

        # Read again without follow, from the start and from each change's own cursor.
        everything = self.read_feed()
        self.assertEqual(summary(everything), self.expected)
        for index in (0, 3, len(everything) - 1):
            self.assertEqual(summary(self.read_feed(cursor=everything[index].cursor)),
                             self.expected[index + 1:])

        # Filters: actions, year, and the reports a caller may read.
        self.assertEqual(
            summary(self.read_feed(actions=[Action.AUDIT_ACTION_PUBLISH,
                                            Action.AUDIT_ACTION_CORRECT])),
            [(department, "AUDIT_ACTION_PUBLISH"), (department, "AUDIT_ACTION_CORRECT")])
        self.assertEqual(summary(self.read_feed(report_year=2023)),
                         [(ni.report_name(SIBLING, 2023), "AUDIT_ACTION_CREATE")])
        self.assertEqual(summary(self.read_feed("department.reader")),
                         [entry for entry in self.expected if entry[0] == department])
        # The supervising office follows its subtree, not the agency outside it.
        in_subtree = [entry for entry in self.expected if f"/{OUTSIDE}/" not in entry[0]]
        self.assertEqual(summary(self.read_feed(
            "office", parent="agencies/jianshan-qu", include_subtree=True)), in_subtree)
        self.assertEqual(summary(self.read_feed("office", parent=f"agencies/{SIBLING}")),
                         [entry for entry in self.expected if f"/{SIBLING}/" in entry[0]])

    def refused(self, principal, code, **request):
        with self.assertRaises(grpc.RpcError) as caught:
            self.read_feed(principal, **request)
        self.assertEqual(caught.exception.code(), code, caught.exception.details())
        _, details = ni.rpc_status(caught.exception)
        self.assertEqual(details["ErrorInfo"].domain, "nianbao.gov.cn")
        return details

    def test_refusals(self):
        details = self.refused("reader", grpc.StatusCode.INVALID_ARGUMENT, cursor="garbage")
        self.assertEqual([v.field for v in details["BadRequest"].field_violations], ["cursor"])
        details = self.refused("reader", grpc.StatusCode.INVALID_ARGUMENT,
                               actions=[Action.AUDIT_ACTION_READ])
        self.assertEqual([v.field for v in details["BadRequest"].field_violations], ["actions"])
        details = self.refused("reader", grpc.StatusCode.INVALID_ARGUMENT, report_year=-3)
        self.assertEqual([v.field for v in details["BadRequest"].field_violations],
                         ["report_year"])
        self.refused("office", grpc.StatusCode.PERMISSION_DENIED, parent=f"agencies/{OUTSIDE}")
        self.refused("department.reader", grpc.StatusCode.PERMISSION_DENIED,
                     parent=f"agencies/{SIBLING}")


if __name__ == "__main__":
    unittest.main()
