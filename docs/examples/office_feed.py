"""Upper-level office: the changes of the reports of OFFICE's subtree since the cursor saved in
CURSOR_FILE (WatchReports). Each message's next_cursor is saved once its changes are handled, so a
run that stops anywhere resumes without losing or repeating a change. With --follow it keeps
listening for new changes. Usage: office_feed.py OFFICE_AGENCY_ID CURSOR_FILE [--follow]"""
import pathlib
import sys

from nianbao.v1 import resources_pb2, workflow_pb2, workflow_pb2_grpc

from nianbao_connect import auth, channel

cursor_file = pathlib.Path(sys.argv[2])
request = workflow_pb2.WatchReportsRequest(
    parent=f"agencies/{sys.argv[1]}", include_subtree=True, follow="--follow" in sys.argv,
    cursor=cursor_file.read_text().strip() if cursor_file.exists() else "")
with channel() as connection:
    feed = workflow_pb2_grpc.WorkflowServiceStub(connection)
    for message in feed.WatchReports(request, metadata=auth()):
        for change in message.changes:
            print(change.report, resources_pb2.AuditAction.Name(change.action),
                  resources_pb2.ReportState.Name(change.state), change.published_revision,
                  change.change_time.ToJsonString(), sep="\t")
        # Written whole, then renamed: a crash leaves the old cursor or the new one.
        saved = cursor_file.with_suffix(".tmp")
        saved.write_text(message.next_cursor)
        saved.replace(cursor_file)
