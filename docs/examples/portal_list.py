"""Portal: the reports it may publish, i.e. those with a published revision (a correction in draft
included), in the BASIC view, page by page. Usage: portal_list.py [PAGE_SIZE]"""
import sys

from nianbao.v1 import resources_pb2, workflow_pb2, workflow_pb2_grpc

from nianbao_connect import auth, channel

with channel() as connection:
    reports = workflow_pb2_grpc.WorkflowServiceStub(connection)
    request = workflow_pb2.ListReportsRequest(
        parent="agencies/-", published_only=True, view=resources_pb2.REPORT_VIEW_BASIC,
        page_size=int(sys.argv[1]) if len(sys.argv) > 1 else 50)
    while True:
        page = reports.ListReports(request, metadata=auth(), timeout=30)
        for report in page.reports:
            print(f"{report.name}/revisions/{report.published_revision}",
                  report.agency_display_name, report.report_year, sep="\t")
        if not page.next_page_token:
            break
        request.page_token = page.next_page_token
