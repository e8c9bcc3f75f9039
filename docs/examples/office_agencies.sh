#!/bin/sh
# Upper-level office: the agencies at and below OFFICE_AGENCY_ID (ListAgencies, subtree).
# Usage: office_agencies.sh OFFICE_AGENCY_ID
set -eu
buf curl --protocol grpc --http2-prior-knowledge -H "Authorization: Bearer $NIANBAO_TOKEN" \
  -d "{\"subtree\": \"agencies/$1\"}" \
  "http://$NIANBAO_ADDRESS/nianbao.v1.AgencyService/ListAgencies"
