#!/bin/sh
# Portal: the reports with a published revision (a correction in draft included), BASIC view, 50 a
# page; pass the answer's nextPageToken as PAGE_TOKEN for the next page.
# Usage: portal_list.sh [PAGE_TOKEN]
set -eu
buf curl --protocol grpc --http2-prior-knowledge -H "Authorization: Bearer $NIANBAO_TOKEN" \
  -d "{\"parent\": \"agencies/-\", \"publishedOnly\": true, \"view\": \"REPORT_VIEW_BASIC\",
       \"pageSize\": 50, \"pageToken\": \"${1:-}\"}" \
  "http://$NIANBAO_ADDRESS/nianbao.v1.WorkflowService/ListReports"
