#!/bin/sh
# The approval chain over HTTP/JSON with curl alone (jq picks fields out of the answers), through
# nianbao-gatewayd. NIANBAO_GATEWAY: the gateway's URL; NIANBAO_AGENCY: the agency id; DRAFTER_TOKEN,
# REVIEWER_TOKEN, APPROVER_TOKEN, PUBLISHER_TOKEN: four people's bearer tokens.
# Usage: gateway-chain.sh CONTENT.json YEAR   (CONTENT.json: nianbao import REPORT --to json)
set -eu
report="$NIANBAO_GATEWAY/v1/agencies/$NIANBAO_AGENCY/reports/$2"
call() {  # call TOKEN METHOD URL [BODY]: prints the JSON answer; fails on an HTTP error
  if [ "$2" = GET ]; then
    curl -sS --fail-with-body -H "Authorization: Bearer $1" "$3"
  else
    curl -sS --fail-with-body -X "$2" -H "Authorization: Bearer $1" \
      -H 'Content-Type: application/json' --data-binary "${4:-"{}"}" "$3"
  fi
}
submit() {  # Submits, acknowledging the warnings validation reports (400 with their codes).
  answer=$(curl -sS -X POST -H "Authorization: Bearer $DRAFTER_TOKEN" -d '{}' \
    -H 'Content-Type: application/json' "$report:submit")
  if echo "$answer" | jq -e .error >/dev/null; then
    codes=$(echo "$answer" | jq -c '[.error.details[] | .violations[]?
      | select(.type == "WARNING_NOT_ACKNOWLEDGED") | .subject]')
    call "$DRAFTER_TOKEN" POST "$report:submit" "{\"acknowledgedWarnings\": $codes}"
  else echo "$answer"; fi
}
# 1. 起草: create the draft, then put the content in with PATCH and an update mask.
call "$DRAFTER_TOKEN" POST "$NIANBAO_GATEWAY/v1/agencies/$NIANBAO_AGENCY/reports" \
  "{\"reportYear\": $2}" | jq -r '.name + " " + .state'
etag=$(call "$DRAFTER_TOKEN" GET "$report" | jq -r .etag)
jq -n --arg etag "$etag" --slurpfile content "$1" '{etag: $etag, content: $content[0]}' |
  call "$DRAFTER_TOKEN" PATCH "$report?updateMask=content" "$(cat)" | jq -r '.name + " " + .state'
# 2. 提交审核, 退回 with a reason, 再提交.
submit | jq -r '.report.state'
call "$REVIEWER_TOKEN" POST "$report:reject" '{"reason": "表三数据需复核"}' | jq -r '.report.state'
submit | jq -r '.report.state'
# 3. 批准, 发布, and the published revision as the public reads it.
call "$APPROVER_TOKEN" POST "$report:approve" | jq -r '.report.state'
revision=$(call "$PUBLISHER_TOKEN" POST "$report:publish" | jq -r '.report.state, .revision.revision')
echo "$revision" | head -n 1
call "$PUBLISHER_TOKEN" GET "$report/revisions/$(echo "$revision" | tail -n 1)?view=FULL" |
  jq -r '.name + " " + .content.metadata.agencyName'
