"""Portal: the published text of a report, i.e. its latest published revision (GetReport in the
BASIC view for the number, then GetRevision), even while a correction is being drafted.
Usage: portal_revision.py agencies/AGENCY/reports/YEAR"""
import sys

from google.protobuf import json_format
from nianbao.v1 import resources_pb2, workflow_pb2, workflow_pb2_grpc

from nianbao_connect import auth, channel

with channel() as connection:
    reports = workflow_pb2_grpc.WorkflowServiceStub(connection)
    report = reports.GetReport(workflow_pb2.GetReportRequest(
        name=sys.argv[1], view=resources_pb2.REPORT_VIEW_BASIC), metadata=auth(), timeout=30)
    if report.published_revision == 0:
        sys.exit(f"{report.name}: not published yet")
    revision = reports.GetRevision(workflow_pb2.GetRevisionRequest(
        name=f"{report.name}/revisions/{report.published_revision}"), metadata=auth(), timeout=30)
    print(revision.name, revision.publish_time.ToJsonString(), revision.content_sha256.hex(),
          sep="\t")
    print(json_format.MessageToJson(revision.content, ensure_ascii=False))
