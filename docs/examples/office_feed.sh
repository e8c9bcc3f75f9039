#!/bin/sh
# Upper-level office: the changes of OFFICE_AGENCY_ID's subtree since the cursor saved in
# CURSOR_FILE, up to the newest (WatchReports without follow), then the new cursor saved for the
# next run (e.g. from a timer). Usage: office_feed.sh OFFICE_AGENCY_ID CURSOR_FILE
set -eu
cursor=$(cat "$2" 2>/dev/null || true)
buf curl --protocol grpc --http2-prior-knowledge -H "Authorization: Bearer $NIANBAO_TOKEN" \
  -d "{\"parent\": \"agencies/$1\", \"includeSubtree\": true, \"cursor\": \"$cursor\"}" \
  "http://$NIANBAO_ADDRESS/nianbao.v1.WorkflowService/WatchReports" > "$2.out"
cat "$2.out"
# The last message's nextCursor covers every change printed above.
next=$(sed -n 's/^ *"nextCursor": "\(.*\)",\{0,1\}$/\1/p' "$2.out" | tail -n 1)
if [ -n "$next" ]; then printf '%s\n' "$next" > "$2"; fi
