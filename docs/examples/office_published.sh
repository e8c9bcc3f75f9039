#!/bin/sh
# Upper-level office: the reports of YEAR with a published revision (ListReports published_only,
# BASIC view); pass the answer's nextPageToken as PAGE_TOKEN for the next page.
# Usage: office_published.sh YEAR [PAGE_TOKEN]
set -eu
buf curl --protocol grpc --http2-prior-knowledge -H "Authorization: Bearer $NIANBAO_TOKEN" \
  -d "{\"parent\": \"agencies/-\", \"reportYear\": $1, \"publishedOnly\": true,
       \"pageToken\": \"${2:-}\"}" \
  "http://$NIANBAO_ADDRESS/nianbao.v1.WorkflowService/ListReports"
