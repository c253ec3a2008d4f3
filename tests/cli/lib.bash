# Shared helpers for the CLI tests (sourced by tests/cli/*.sh; not a test itself).
#
# CTest gives every script DEPOMAP (the binary), SRC (source tree) and WORK (a
# scratch directory of its own). A failed check prints its context and the script goes on, so one
# run shows every failure; `finish` at the end turns any failure into exit code 1.
#
# Outputs are compared by meaning (sorted rows, rounded coordinates), never byte for byte.

set -u
set -o pipefail

: "${DEPOMAP:?DEPOMAP must name the depomap binary}"
: "${SRC:?SRC must name the source tree}"
: "${WORK:?WORK must name a scratch directory}"

DATA="$SRC/tests/data"
BAD="$DATA/bad"
FAILURES=0
CHECKS=0
# Never let the environment choose a store for us.
unset DEPOMAP_DB

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK" || exit 1

# The last command run by `run` / `expect_exit`: its words, exit code, stdout and stderr files.
LAST_CMD=""
RC=0
OUT="$WORK/last.stdout"
ERR="$WORK/last.stderr"
: >"$OUT"
: >"$ERR"

# fail MESSAGE: reports a failed check with the last command's context.
fail() {
    FAILURES=$((FAILURES + 1))
    {
        echo "FAIL: $*"
        echo "  at: ${BASH_SOURCE[2]:-?}:${BASH_LINENO[1]:-?}"
        echo "  last command: $LAST_CMD"
        echo "  exit code: $RC"
        echo "  stdout (first 20 lines):"
        head -n 20 "$OUT" | sed 's/^/    | /'
        echo "  stderr (first 20 lines):"
        head -n 20 "$ERR" | sed 's/^/    | /'
    } >&2
    return 1
}

pass() { CHECKS=$((CHECKS + 1)); return 0; }

# run CMD...: runs the command, keeping its exit code in RC and its output in $OUT / $ERR.
run() {
    LAST_CMD="$(printf '%q ' "$@")"
    "$@" >"$OUT" 2>"$ERR" </dev/null
    RC=$?
}

# expect_exit CODE CMD...: runs the command and checks its exit code.
expect_exit() {
    local code=$1
    shift
    run "$@"
    if [[ "$RC" != "$code" ]]; then
        fail "expected exit code $code, got $RC"
        return 1
    fi
    pass
}

# expect_stdout_contains TEXT / expect_stderr_contains TEXT: a fixed substring of the last output.
expect_stdout_contains() {
    grep -qF -- "$1" "$OUT" && pass || fail "stdout does not contain: $1"
}
expect_stderr_contains() {
    grep -qF -- "$1" "$ERR" && pass || fail "stderr does not contain: $1"
}
expect_stderr_not_contains() {
    ! grep -qF -- "$1" "$ERR" && pass || fail "stderr contains: $1"
}
expect_stdout_empty() {
    [[ ! -s "$OUT" ]] && pass || fail "stdout is not empty"
}
expect_stderr_empty() {
    [[ ! -s "$ERR" ]] && pass || fail "stderr is not empty"
}
# expect_stderr_lines N: the last command wrote exactly N lines to stderr.
expect_stderr_lines() {
    local n
    n=$(wc -l <"$ERR")
    [[ "$n" == "$1" ]] && pass || fail "expected $1 line(s) on stderr, got $n"
}

# expect_eq WHAT EXPECTED GOT
expect_eq() {
    [[ "$2" == "$3" ]] && pass || fail "$1: expected '$2', got '$3'"
}

# expect_near WHAT EXPECTED GOT TOLERANCE: numbers within the tolerance.
expect_near() {
    if python3 -c 'import sys; e, g, t = map(float, sys.argv[1:4]); sys.exit(0 if abs(e - g) <= t else 1)' \
        "$2" "$3" "$4" 2>/dev/null; then
        pass
    else
        fail "$1: expected $2 +- $4, got '$3'"
    fi
}

# expect_file_contains FILE TEXT
expect_file_contains() {
    grep -qF -- "$2" "$1" && pass || fail "$1 does not contain: $2"
}

# sql_value DB QUERY: one value, read with the sqlite3 CLI (not with depomap itself).
sql_value() {
    sqlite3 -readonly -batch -noheader "$1" "$2"
}

# sql_count DB QUERY: like sql_value, for a count (prints "ERR" when the query fails).
sql_count() {
    local v
    v=$(sqlite3 -readonly -batch -noheader "$1" "$2" 2>/dev/null) || v=ERR
    echo "${v:-ERR}"
}

# spatial_csv DB QUERY: rows of a query that needs SpatiaLite functions, via `depomap sql -f csv`,
# header dropped, line ends normalised (RFC 4180 CSV ends lines with CRLF), sorted.
# sanitized_build: true when the binary under test was built with ASan and UBSan (slower, and
# ASan's quarantine keeps freed memory).
sanitized_build() {
    grep -q '^DEPOMAP_SANITIZE:BOOL=ON' "${BUILD:-/nonexistent}/CMakeCache.txt" 2>/dev/null
}

spatial_csv() {
    "$DEPOMAP" sql --db "$1" -f csv "$2" 2>/dev/null | tail -n +2 | tr -d '\r' | LC_ALL=C sort
}

# store_snapshot DB: the store's content as sorted text: per layer its count and sorted ids, plus
# every row's attributes and its geometry as WKT rounded to 7 decimals (sqlite3 only: the
# geometry blob in hex, which is exact). Two snapshots are equal iff the stores hold the same
# features.
store_snapshot() {
    local db=$1 layer
    for layer in deposits processing_sites reserve_areas admin_regions country_stats; do
        echo "$layer count $(sql_count "$db" "SELECT count(*) FROM $layer")"
        sqlite3 -readonly -batch -noheader "$db" \
            "SELECT id, quote(name), quote(extra) FROM $layer ORDER BY id" 2>&1 | sed "s/^/$layer /"
    done
    for layer in deposits processing_sites reserve_areas admin_regions; do
        sqlite3 -readonly -batch -noheader "$db" "SELECT id, hex(geom) FROM $layer ORDER BY id" |
            sed "s/^/$layer geom /"
        echo "$layer rtree $(sql_count "$db" "SELECT count(*) FROM idx_${layer}_geom")"
    done
}

# expect_same_snapshot WHAT BEFORE_FILE DB
expect_same_snapshot() {
    local now="$WORK/snapshot.now"
    store_snapshot "$3" >"$now"
    if cmp -s "$2" "$now"; then
        pass
    else
        fail "$1: the store changed"
        diff "$2" "$now" | head -n 20 | sed 's/^/    diff: /' >&2
    fi
}

# new_store PATH: a fresh, empty store (fails the test if init fails).
new_store() {
    rm -f "$1" "$1-wal" "$1-shm"
    run "$DEPOMAP" init -q --db "$1"
    [[ "$RC" == 0 && -f "$1" ]] || fail "could not create store $1"
}

# json_get FILE PYTHON_EXPR: evaluates the expression with `d` bound to the parsed JSON file.
json_get() {
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# small_disk SIZE: a tmpfs of SIZE (e.g. 64k) mounted at $WORK/full, unmounted on exit; its path is
# in $FULL. Mounting needs root: the test is skipped (77) otherwise. Call it before any other work.
small_disk() {
    if [[ $(id -u) -ne 0 ]]; then
        echo "SKIP: needs root (mounts a small tmpfs)"
        exit 77
    fi
    FULL="$WORK/full"
    mkdir -p "$FULL"
    mount -t tmpfs -o "size=$1" tmpfs "$FULL" || { fail "cannot mount a tmpfs on $FULL"; finish; }
    trap 'umount "$FULL"' EXIT
}

finish() {
    if [[ "$FAILURES" -gt 0 ]]; then
        echo "$(basename "$0"): $FAILURES check(s) failed, $CHECKS passed" >&2
        exit 1
    fi
    echo "$(basename "$0"): all $CHECKS checks passed"
    exit 0
}
