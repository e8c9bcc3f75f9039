"""The examples of docs/integrating.md and README.md run as written, in both forms (buf curl over
reflection, and Python with the generated modules), against the real servers: what an upper-level
office and a portal are told to do works, and the documents show exactly the files that run."""

import json
import os
import pathlib
import re
import subprocess
import sys
import unittest

import nianbao_interop as ni
from nianbao_interop import report_pb2, workflow_pb2

EXAMPLES = ni.SOURCE_DIR / "docs" / "examples"
GUIDE = ni.SOURCE_DIR / "docs" / "integrating.md"
README = ni.SOURCE_DIR / "README.md"
BUF = os.environ.get("NIANBAO_BUF", str(ni.SOURCE_DIR / "tests/proto/node_modules/.bin/buf"))

OFFICE = "jianshan-qu"
DEPARTMENT = "jianshan-jiaotiju"
SIBLING = "jianshan-weijianju"
OUTSIDE = "other-city"
AGENCIES = [
    (OFFICE, "尖山区人民政府", "AGENCY_KIND_GOVERNMENT", "", "230502"),
    (DEPARTMENT, "尖山区教体局", "AGENCY_KIND_DEPARTMENT", OFFICE, "230502"),
    (SIBLING, "尖山区卫健局", "AGENCY_KIND_DEPARTMENT", OFFICE, "230502"),
    (OUTSIDE, "外市人民政府", "AGENCY_KIND_GOVERNMENT", "", ""),
]
SUBTREE = [OFFICE, DEPARTMENT, SIBLING]
PRINCIPALS = {
    "drafter": [(DEPARTMENT, ["ROLE_DRAFTER"]), (SIBLING, ["ROLE_DRAFTER"])],
    "approver": [(DEPARTMENT, ["ROLE_APPROVER"])],
    "publisher": [(DEPARTMENT, ["ROLE_PUBLISHER"])],
    # The upper-level office follows its subtree's changes as ROLE_SUPERVISOR, and reads the reports
    # as ROLE_READER (a supervisor reads only its own agency's); the portal reads what it publishes.
    "office": [(OFFICE, ["ROLE_SUPERVISOR"]), (DEPARTMENT, ["ROLE_READER"]),
               (SIBLING, ["ROLE_READER"])],
    "portal": [(agency, ["ROLE_READER"]) for agency in (DEPARTMENT, SIBLING, OUTSIDE)],
}
PUBLISHED = ni.report_name(DEPARTMENT, 2024)
DRAFT = ni.report_name(SIBLING, 2024)


def json_messages(text):
    """buf curl prints one JSON object per response message."""
    decoder, messages, index = json.JSONDecoder(), [], 0
    while index < len(text):
        if text[index].isspace():
            index += 1
            continue
        message, index = decoder.raw_decode(text, index)
        messages.append(message)
    return messages


class DocsExamplesTest(unittest.TestCase):
    servers = None

    @classmethod
    def setUpClass(cls):
        # A missing buf must fail the run with the fix spelled out, never skip the shell examples.
        if not os.access(BUF, os.X_OK):
            raise RuntimeError(f"{BUF} is missing: run `npm ci` in tests/proto (tests/run does)")
        seed = ni.import_fixture("2024_jianshan-jiaotiju.txt")
        cls.servers = ni.Servers(PRINCIPALS, AGENCIES)
        try:
            cls.publish_seed(seed)
        except BaseException:
            cls.servers.close()
            raise

    @classmethod
    def publish_seed(cls, seed):
        def call(method, request, principal):
            answer = getattr(cls.servers.reports, method)(
                request, metadata=ni.metadata_for(principal), timeout=ni.CALL_TIMEOUT_S)
            return answer if method in ("CreateReport", "UpdateReport") else answer.report

        content = report_pb2.AnnualReport()
        content.CopyFrom(seed)
        # The fee statement answers S6_FEE; S5_CONTENT is acknowledged on submission.
        del content.other_matters.paragraphs[:]
        content.other_matters.paragraphs.add(kind=report_pb2.PARAGRAPH_KIND_BODY,
                                             text="本年度未收取政府信息公开信息处理费。")
        report = call("CreateReport", workflow_pb2.CreateReportRequest(
            parent=f"agencies/{DEPARTMENT}", report_year=2024, content=content), "drafter")
        report = call("SubmitReport", workflow_pb2.SubmitReportRequest(
            name=PUBLISHED, etag=report.etag, acknowledged_warnings=["S5_CONTENT"]), "drafter")
        report = call("ApproveReport", workflow_pb2.ApproveReportRequest(
            name=PUBLISHED, etag=report.etag), "approver")
        call("PublishReport", workflow_pb2.PublishReportRequest(
            name=PUBLISHED, etag=report.etag), "publisher")
        call("CreateReport", workflow_pb2.CreateReportRequest(
            parent=f"agencies/{SIBLING}", report_year=2024), "drafter")
        cls.change_count = 5  # Create, submit, approve, publish; the sibling's create.

    @classmethod
    def tearDownClass(cls):
        if cls.servers:
            cls.servers.close()

    def run_example(self, name, principal, *args):
        env = dict(os.environ, NIANBAO_ADDRESS=self.servers.workflow.address,
                   NIANBAO_TOKEN=ni.token_of(principal), PYTHONPATH=str(ni.PYTHON_DIR),
                   PATH=f"{pathlib.Path(BUF).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        command = ["sh" if name.endswith(".sh") else sys.executable, str(EXAMPLES / name), *args]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, f"{name}: {result.stderr}")
        return result.stdout

    def lines(self, name, principal, *args):
        return [line.split("\t") for line in
                self.run_example(name, principal, *args).splitlines()]

    # ---------------------------------------------------------------------------------------------

    def test_documents_show_the_files_that_run(self):
        guide = GUIDE.read_text(encoding="utf-8")
        examples = sorted(EXAMPLES.iterdir())
        self.assertGreater(len(examples), 10)
        for example in examples:
            text = example.read_text(encoding="utf-8")
            if example.suffix == ".sh":
                # Shown without the "#!/bin/sh" line.
                block = "```sh\n" + re.sub(r"\A#![^\n]*\n", "", text) + "```"
            else:
                block = "```python\n" + text + "```"
            document = README.read_text(encoding="utf-8") if example.name == "first-calls.sh" \
                else guide
            self.assertIn(block, document, f"{example.name} is not shown as it is")

    def test_first_calls(self):
        output = self.run_example("first-calls.sh", "portal")
        for service in ("nianbao.v1.WorkflowService", "nianbao.v1.AgencyService",
                        "grpc.health.v1.Health"):
            self.assertIn(service, output.splitlines())
        listed_agencies, listed_reports = json_messages(
            output[output.index("{"):])  # After the list of services.
        self.assertEqual([a["name"] for a in listed_agencies["agencies"]],
                         sorted(f"agencies/{a[0]}" for a in AGENCIES))
        self.assertEqual([r["name"] for r in listed_reports["reports"]], [PUBLISHED])

    def test_office_agencies(self):
        expected = [f"agencies/{agency}" for agency in sorted(SUBTREE)]
        rows = self.lines("office_agencies.py", "office", OFFICE)
        self.assertEqual([row[0] for row in rows], expected)
        department = rows[expected.index(f"agencies/{DEPARTMENT}")]
        self.assertEqual(department[1:], ["尖山区教体局", "AGENCY_KIND_DEPARTMENT", "230502",
                                          f"agencies/{OFFICE}"])
        [answer] = json_messages(self.run_example("office_agencies.sh", "office", OFFICE))
        self.assertEqual([agency["name"] for agency in answer["agencies"]], expected)

    def test_office_published(self):
        rows = self.lines("office_published.py", "office", "2024")
        self.assertEqual([row[:3] for row in rows], [[PUBLISHED, "尖山区教体局", "1"]])
        [answer] = json_messages(self.run_example("office_published.sh", "office", "2024"))
        self.assertEqual([report["name"] for report in answer["reports"]], [PUBLISHED])
        self.assertEqual(self.lines("office_published.py", "office", "2023"), [])

    def test_office_feed_resumes_from_the_saved_cursor(self):
        for form in ("py", "sh"):
            with self.subTest(form=form):
                cursor_file = self.servers.work_dir / f"office-feed-{form}.cursor"
                first = self.run_example(f"office_feed.{form}", "office", OFFICE, str(cursor_file))
                self.assertTrue(cursor_file.read_text().strip())
                again = self.run_example(f"office_feed.{form}", "office", OFFICE, str(cursor_file))
                if form == "py":
                    reports = [line.split("\t")[:2] for line in first.splitlines()]
                    self.assertEqual(reports[0], [PUBLISHED, "AUDIT_ACTION_CREATE"])
                    self.assertEqual(reports[-1], [DRAFT, "AUDIT_ACTION_CREATE"])
                    self.assertEqual(len(reports), self.change_count)
                    self.assertEqual(again, "")
                else:
                    changes = [change for message in json_messages(first)
                               for change in message.get("changes", [])]
                    self.assertEqual(len(changes), self.change_count)
                    self.assertEqual(changes[3]["action"], "AUDIT_ACTION_PUBLISH")
                    self.assertEqual(
                        [c for m in json_messages(again) for c in m.get("changes", [])], [])

    def test_portal_list_and_revision(self):
        rows = self.lines("portal_list.py", "portal", "1")
        self.assertEqual(rows, [[f"{PUBLISHED}/revisions/1", "尖山区教体局", "2024"]])
        [answer] = json_messages(self.run_example("portal_list.sh", "portal"))
        self.assertEqual([report["name"] for report in answer["reports"]], [PUBLISHED])
        self.assertNotIn("content", answer["reports"][0])

        output = self.run_example("portal_revision.py", "portal", PUBLISHED)
        header, content = output.split("\n", 1)
        self.assertEqual(header.split("\t")[0], f"{PUBLISHED}/revisions/1")
        self.assertEqual(json.loads(content)["metadata"]["agencyName"], "尖山区教体局")
        revision = json_messages(self.run_example(
            "portal_revision.sh", "portal", f"{PUBLISHED}/revisions/1"))[0]
        self.assertEqual(revision["kind"], "REVISION_KIND_PUBLISHED")
        self.assertEqual(revision["content"]["metadata"]["agencyName"], "尖山区教体局")

    def test_errors(self):
        missing = f"{PUBLISHED}/revisions/9"
        lines = self.lines("errors.py", "portal", missing)
        self.assertEqual(lines[0][0], "NOT_FOUND")
        details = dict(lines[1:])
        self.assertIn('domain: "nianbao.gov.cn"', details["google.rpc.ErrorInfo"])
        self.assertIn(f'resource_name: "{missing}"', details["google.rpc.ResourceInfo"])
        self.assertIn('locale: "zh-CN"', details["google.rpc.LocalizedMessage"])
        lines = self.lines("errors.py", "portal", f"{PUBLISHED}/revisions/1@published")
        self.assertEqual(lines[0][0], "INVALID_ARGUMENT")
        self.assertIn('field: "name"', dict(lines[1:])["google.rpc.BadRequest"])


if __name__ == "__main__":
    unittest.main()
