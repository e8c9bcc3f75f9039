#!/usr/bin/env bash
# Proves that proto_breaking guards v1: copies of proto/ in a temporary directory, one with a field
# renamed and one with a field renumbered, each fail `buf breaking` against proto/v1-baseline.binpb
# with the failure naming the field, while the unchanged copy passes.
# Usage: breaking_guard_test.sh SOURCE_DIR
set -euo pipefail
SOURCE_DIR=$(cd "${1:?usage: breaking_guard_test.sh SOURCE_DIR}" && pwd)
BUF=$SOURCE_DIR/tests/proto/node_modules/.bin/buf
BASELINE=$SOURCE_DIR/proto/v1-baseline.binpb
[ -x "$BUF" ] || { echo "buf is missing: run npm ci in tests/proto (tests/run does)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

copy() {  # copy NAME: a fresh copy of proto/ under $WORK/NAME
  cp -r "$SOURCE_DIR/proto" "$WORK/$1"
  echo "$WORK/$1"
}

# edit FILE FROM TO: replaces the line FROM (a fixed string) with TO, and fails if FROM is absent,
# so that a change in resources.proto cannot silently turn this test into one that proves nothing.
edit() {
  grep -qF -- "$2" "$1" || { echo "FAIL: '$2' not found in $1" >&2; exit 1; }
  FROM=$2 TO=$3 perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/' "$1"
  grep -qF -- "$3" "$1" || { echo "FAIL: edit of $1 did not apply" >&2; exit 1; }
}

# must_break DIR WHAT: buf breaking fails, and its output mentions WHAT.
must_break() {
  local output
  if output=$(cd "$1" && "$BUF" breaking . --against "$BASELINE" 2>&1); then
    echo "FAIL: buf breaking accepted $1 ($2)" >&2
    exit 1
  fi
  if ! grep -qF -- "$2" <<<"$output"; then
    echo "FAIL: buf breaking failed without naming $2:" >&2
    echo "$output" >&2
    exit 1
  fi
  echo "refused as it should be: $(head -1 <<<"$output")"
}

unchanged=$(copy unchanged)
(cd "$unchanged" && "$BUF" breaking . --against "$BASELINE") ||
  { echo "FAIL: the unchanged copy of proto/ breaks against the baseline" >&2; exit 1; }

renamed=$(copy renamed)
edit "$renamed/nianbao/v1/resources.proto" "  string etag = 7;" "  string entity_tag = 7;"
must_break "$renamed" '"etag"'

renumbered=$(copy renumbered)
edit "$renumbered/nianbao/v1/resources.proto" "  string etag = 7;" "  string etag = 70;"
must_break "$renumbered" '"7"'
echo "ok: a renamed and a renumbered field both fail buf breaking"
