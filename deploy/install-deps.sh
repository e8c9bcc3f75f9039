#!/usr/bin/env bash
# Installs, from Debian 12's packages, whatever nianbao needs to build and test that is not there yet.
# Idempotent and quiet when everything is present; uses sudo only when not already root.
# Usage: deploy/install-deps.sh [--bench]
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  # lld links the many test executables in well under half the time of GNU ld (CMakeLists.txt).
  lld
  # Tests make throwaway TLS certificates with the openssl command.
  openssl
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev librocksdb-dev rocksdb-tools
  # The servers allocate with tcmalloc (gperftools; CMakeLists.txt's nianbao_serving_allocator).
  libgoogle-perftools-dev
  # The checksum of a request record's content references (storage/request_record.cc).
  libxxhash-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # libzip's CMake config checks that its command-line tools exist.
  libxml2-dev libzip-dev zipcmp zipmerge ziptool zlib1g-dev libssl-dev
  # PDF import (services/codec/pdf_reader) reads through poppler's C++ API; pdftotext
  # (poppler-utils) is the benchmark's yardstick.
  libpoppler-cpp-dev poppler-utils
  # The test command also builds everything once with clang (style.md), warnings as errors, as
  # the fuzz build: libclang-rt-14-dev holds clang 14's libFuzzer (-fsanitize=fuzzer).
  clang clang-format libclang-rt-14-dev
  # The Python interop tests (tests/interop/python): Debian's gRPC and protobuf for /usr/bin/python3;
  # their stubs come from protoc and grpc_python_plugin (protobuf-compiler-grpc) in the build.
  python3 python3-grpcio python3-protobuf
  # nianbao-gatewayd's HTTP server: Boost.Beast and Asio (header-only); its tests call it with curl
  # and read JSON with jq.
  libboost-dev curl jq
  # The web console's browser test (tests/console) drives Debian's chromium with playwright-core
  # (no browser download); the CJK fonts make its screenshots and printed pages readable.
  chromium fonts-noto-cjk
  # The office's tables sent upward are XLSX (services/office/office_xlsx); its tests open them with
  # LibreOffice Calc headless and read the numbers back.
  libxlsxwriter-dev libreoffice-calc-nogui
)

# --bench: also what only the benchmarks need (tests/bench/run), so the test command does not
# install it: a throwaway PostgreSQL to measure against, and libpq for the benchmark's clients.
if [ "${1:-}" = "--bench" ]; then
  PACKAGES+=(postgresql libpq-dev)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# Node.js runs buf (proto lint); any recent node on PATH will do.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]} > 0)); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
