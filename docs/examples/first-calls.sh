#!/bin/sh
# An integrator's first three calls, with buf curl over server reflection (no .proto files needed).
# NIANBAO_ADDRESS: nianbao-workflowd's host:port; NIANBAO_TOKEN: your principal's bearer token.
set -eu
# 1. What the server offers (WorkflowService, AgencyService, AuditService, health, ...).
buf curl --protocol grpc --http2-prior-knowledge --list-services "http://$NIANBAO_ADDRESS"
# 2. The agencies (机关): official names, kinds, region codes, parent agencies.
buf curl --protocol grpc --http2-prior-knowledge -H "Authorization: Bearer $NIANBAO_TOKEN" \
  -d '{}' "http://$NIANBAO_ADDRESS/nianbao.v1.AgencyService/ListAgencies"
# 3. The reports you may read that have a published revision (BASIC view: no content).
buf curl --protocol grpc --http2-prior-knowledge -H "Authorization: Bearer $NIANBAO_TOKEN" \
  -d '{"parent": "agencies/-", "publishedOnly": true}' \
  "http://$NIANBAO_ADDRESS/nianbao.v1.WorkflowService/ListReports"
