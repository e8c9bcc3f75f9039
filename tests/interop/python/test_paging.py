"""500 reports of 50 agencies (10 years each) paged through from Python, as a portal or an
upper-level office lists them: BASIC pages without content, FULL pages that fit a default client's
4 MiB receive limit whatever page_size asks, no report twice and none missed."""

import concurrent.futures
import unittest

import grpc

import nianbao_interop as ni
from nianbao_interop import resources_pb2, workflow_pb2

AGENCY_COUNT = 50
YEARS = range(2015, 2025)
OFFICE = "paging-office"
AGENCY_IDS = [f"paging-{index:02d}" for index in range(AGENCY_COUNT)]
AGENCIES = [(OFFICE, "分页市人民政府", "AGENCY_KIND_GOVERNMENT", "", "")] + [
    (agency, f"分页市第{index}局", "AGENCY_KIND_DEPARTMENT", OFFICE, "")
    for index, agency in enumerate(AGENCY_IDS)]
PRINCIPALS = {
    "drafter": [(agency, ["ROLE_DRAFTER"]) for agency in AGENCY_IDS],
    "reader": [(agency, ["ROLE_READER"]) for agency in AGENCY_IDS],
}
# What grpc-python (like every gRPC client) accepts by default from a server.
DEFAULT_RECEIVE_LIMIT = 4 * 1024 * 1024
View = resources_pb2.ReportView


class PagingTest(unittest.TestCase):
    servers = None
    expected = None  # Every report name, in the order ListReports promises (agency, then year).

    @classmethod
    def setUpClass(cls):
        seed = ni.import_fixture("2024_jianshan-jiaotiju.txt")
        # About 30 KB a report, as real ones are (the seed alone is 6 KB): 500 of them are 15 MB, so
        # FULL pages must end on their byte bound.
        seed.opening.paragraphs.append("本机关持续推进政务公开标准化规范化建设。" * 400)
        cls.servers = ni.Servers(PRINCIPALS, AGENCIES)
        try:
            cls.create_reports(seed)
        except BaseException:
            cls.servers.close()
            raise

    @classmethod
    def create_reports(cls, seed):
        def create(agency, year):
            content = type(seed)()
            content.CopyFrom(seed)
            content.metadata.report_year = year
            report = cls.servers.reports.CreateReport(workflow_pb2.CreateReportRequest(
                parent=f"agencies/{agency}", report_year=year, content=content),
                metadata=ni.metadata_for("drafter"), timeout=ni.CALL_TIMEOUT_S)
            return report.name

        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            names = list(pool.map(lambda pair: create(*pair),
                                  [(agency, year) for agency in AGENCY_IDS for year in YEARS]))
        cls.expected = [ni.report_name(agency, year) for agency in AGENCY_IDS for year in YEARS]
        assert names == cls.expected, "CreateReport returned other names"
        cls.content_size = seed.ByteSize()

    @classmethod
    def tearDownClass(cls):
        if cls.servers:
            cls.servers.close()

    def pages(self, **request):
        """Every page of ListReports(parent "agencies/-", **request) as the reader."""
        pages, token = [], ""
        while True:
            page = self.servers.reports.ListReports(
                workflow_pb2.ListReportsRequest(parent="agencies/-", page_token=token, **request),
                metadata=ni.metadata_for("reader"), timeout=ni.CALL_TIMEOUT_S)
            pages.append(page)
            token = page.next_page_token
            if not token:
                return pages
            self.assertLess(len(pages), 1000, "paging does not end")

    def check_every_report_once(self, pages):
        names = [report.name for page in pages for report in page.reports]
        self.assertEqual(len(names), len(set(names)), "a report came twice")
        self.assertEqual(names, self.expected)

    def test_basic_pages_of_37(self):
        pages = self.pages(page_size=37, view=View.REPORT_VIEW_BASIC)
        self.check_every_report_once(pages)
        self.assertEqual([len(page.reports) for page in pages], [37] * 13 + [500 - 13 * 37])
        for page in pages:
            self.assertLess(page.ByteSize(), DEFAULT_RECEIVE_LIMIT)
            for report in page.reports:
                self.assertFalse(report.HasField("content"), f"{report.name} has content in BASIC")
                self.assertEqual(report.state, resources_pb2.REPORT_STATE_DRAFT)
                self.assertTrue(report.etag)
                self.assertTrue(ni.has_chinese(report.agency_display_name), report.name)

    def test_basic_is_the_default_view(self):
        pages = self.pages()
        self.check_every_report_once(pages)
        self.assertEqual(len(pages[0].reports), 50, "the default page size is 50")
        self.assertFalse(any(report.HasField("content")
                             for page in pages for report in page.reports))

    def test_full_pages_at_the_default_size(self):
        pages = self.pages(view=View.REPORT_VIEW_FULL)
        self.check_every_report_once(pages)
        for page in pages:
            self.assertLessEqual(len(page.reports), 50)
            self.assertLess(page.ByteSize(), DEFAULT_RECEIVE_LIMIT)
            for report in page.reports:
                self.assertEqual(report.content.metadata.report_year, report.report_year)

    def test_full_pages_of_1000_stay_under_the_receive_limit(self):
        # 500 reports with content would not fit one page of 4 MiB: the server ends each page
        # before 3 MiB, and this client, with gRPC's default receive limit, reads them all.
        self.assertGreater(500 * self.content_size, DEFAULT_RECEIVE_LIMIT)
        pages = self.pages(page_size=1000, view=View.REPORT_VIEW_FULL)
        self.check_every_report_once(pages)
        self.assertGreater(len(pages), 1)
        for page in pages:
            self.assertLessEqual(page.ByteSize(), 3 * 1024 * 1024)
            self.assertTrue(all(report.HasField("content") for report in page.reports))

    def test_one_agency(self):
        page = self.servers.reports.ListReports(workflow_pb2.ListReportsRequest(
            parent=f"agencies/{AGENCY_IDS[7]}", report_year=2020), metadata=ni.metadata_for(
                "reader"), timeout=ni.CALL_TIMEOUT_S)
        self.assertEqual([report.name for report in page.reports],
                         [ni.report_name(AGENCY_IDS[7], 2020)])

    def test_a_token_with_other_filters_is_refused(self):
        page = self.servers.reports.ListReports(workflow_pb2.ListReportsRequest(
            parent="agencies/-", page_size=10), metadata=ni.metadata_for("reader"),
            timeout=ni.CALL_TIMEOUT_S)
        with self.assertRaises(grpc.RpcError) as caught:
            self.servers.reports.ListReports(workflow_pb2.ListReportsRequest(
                parent="agencies/-", page_size=10, page_token=page.next_page_token,
                report_year=2020), metadata=ni.metadata_for("reader"), timeout=ni.CALL_TIMEOUT_S)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        _, details = ni.rpc_status(caught.exception)
        self.assertIn("BadRequest", details, f"no BadRequest among {list(details)}")
        self.assertEqual([v.field for v in details["BadRequest"].field_violations], ["page_token"])


if __name__ == "__main__":
    unittest.main()
