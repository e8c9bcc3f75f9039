#!/bin/sh
# Portal: a report's published text, i.e. the revision its publishedRevision names (GetRevision,
# FULL view by default). Usage: portal_revision.sh agencies/AGENCY/reports/YEAR/revisions/N
set -eu
buf curl --protocol grpc --http2-prior-knowledge -H "Authorization: Bearer $NIANBAO_TOKEN" \
  -d "{\"name\": \"$1\"}" \
  "http://$NIANBAO_ADDRESS/nianbao.v1.WorkflowService/GetRevision"
