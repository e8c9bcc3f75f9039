"""Upper-level office: every report of YEAR with a published revision that it may read (ListReports
published_only; BASIC view, so no content), page by page. Usage: office_published.py YEAR"""
import sys

from nianbao.v1 import workflow_pb2, workflow_pb2_grpc

from nianbao_connect import auth, channel

with channel() as connection:
    reports = workflow_pb2_grpc.WorkflowServiceStub(connection)
    request = workflow_pb2.ListReportsRequest(
        parent="agencies/-", report_year=int(sys.argv[1]), published_only=True)
    while True:
        page = reports.ListReports(request, metadata=auth(), timeout=30)
        for report in page.reports:
            print(report.name, report.agency_display_name, report.published_revision,
                  report.publish_time.ToJsonString(), sep="\t")
        if not page.next_page_token:
            break
        request.page_token = page.next_page_token
