"""Any client: what a refusal says, decoded from the "grpc-status-details-bin" trailer into
google.rpc.Status and its details (ErrorInfo always; BadRequest naming the field; ResourceInfo
naming what was not found; LocalizedMessage in Chinese). Usage: errors.py RESOURCE_NAME, e.g. the
name of a revision that does not exist."""
import sys

import grpc
from google.protobuf import text_format
from google.rpc import error_details_pb2, status_pb2
from nianbao.v1 import workflow_pb2, workflow_pb2_grpc

from nianbao_connect import auth, channel

with channel() as connection:
    reports = workflow_pb2_grpc.WorkflowServiceStub(connection)
    try:
        reports.GetRevision(workflow_pb2.GetRevisionRequest(name=sys.argv[1]),
                            metadata=auth(), timeout=30)
        sys.exit("no error")
    except grpc.RpcError as error:
        print(error.code().name, error.details(), sep="\t")
        trailer = dict(error.trailing_metadata())["grpc-status-details-bin"]
        for detail in status_pb2.Status.FromString(trailer).details:
            # type.googleapis.com/google.rpc.ErrorInfo → error_details_pb2.ErrorInfo
            message = getattr(error_details_pb2, detail.TypeName().rsplit(".", 1)[1])()
            detail.Unpack(message)
            print(detail.TypeName(), text_format.MessageToString(message, as_one_line=True,
                                                                 as_utf8=True), sep="\t")
