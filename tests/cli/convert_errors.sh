#!/usr/bin/env bash
# depomap convert into an immutable output folder (chattr +i, as root: chmod is not enough for root):
# exit 1 with the reason, nothing left behind. Every other failure mode is a row of
# tests/cli/tables/convert-errors.ini.
source "$(dirname "$0")/lib.bash"

C="$DATA/convert"

mkdir -p "$WORK/ro"
if chattr +i "$WORK/ro" 2>/dev/null; then
    trap 'chattr -i "$WORK/ro" 2>/dev/null' EXIT
    expect_exit 1 "$DEPOMAP" convert "$C/a" -f gpkg -o "$WORK/ro"
    expect_stderr_contains "$WORK/ro: cannot write here"
    expect_exit 1 "$DEPOMAP" convert "$C/a" -f gpkg -o "$WORK/ro/sub"
    chattr -i "$WORK/ro"
    [[ -z "$(ls -A "$WORK/ro")" ]] && pass || fail "left files in the read-only folder"
fi
finish
