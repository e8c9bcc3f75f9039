#!/usr/bin/env bash
# Rebuilds proto/v1-baseline.binpb, the buf image of the v1 API that `buf breaking` (CTest
# proto_breaking) holds proto/ to, from the protos as they are now in the working tree.
#
# Run it only on purpose: before v1 is released, when the surface is final; afterwards, never for a
# change that breaks integrators (add a field, a method or v2 instead). Every run that changes the
# baseline gets a line in docs/api-changelog.md saying what changed and why, committed
# with the new baseline.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUF=tests/proto/node_modules/.bin/buf
if [ ! -x "$BUF" ]; then
  (cd tests/proto && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
"$BUF" lint proto
# The image keeps the source info: buf breaking refuses an image without it.
"$BUF" build proto -o proto/v1-baseline.binpb
"$BUF" breaking proto --against proto/v1-baseline.binpb
if git show HEAD:proto/v1-baseline.binpb 2>/dev/null | cmp -s - proto/v1-baseline.binpb; then
  echo "proto/v1-baseline.binpb unchanged"
else
  echo "proto/v1-baseline.binpb rebuilt: add a line to docs/api-changelog.md and commit both"
fi
