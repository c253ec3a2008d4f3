#!/usr/bin/env bash
# --help on every verb, --version, and the exit code 2 of a wrong command line.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

# --help: exit 0, usage on stdout, nothing on stderr. Each verb's help names its own options.
expect_exit 0 "$DEPOMAP" --help && { expect_stdout_contains "init"; expect_stdout_contains "load"
    expect_stdout_contains "info"; expect_stdout_contains "sql"; expect_stderr_empty; }
declare -A OPTION=([init]=--atlas [load]=--skip-invalid [info]=--json [sql]=--format)
for verb in init load info sql; do
    expect_exit 0 "$DEPOMAP" "$verb" --help || continue
    expect_stdout_contains "--db"
    expect_stdout_contains "${OPTION[$verb]}"
    expect_stderr_empty
    # -h is the short form of the same.
    expect_exit 0 "$DEPOMAP" "$verb" -h && expect_stdout_contains "${OPTION[$verb]}"
done

# --version: one line on stdout naming depomap and the libraries.
expect_exit 0 "$DEPOMAP" --version && {
    expect_eq "version lines" 1 "$(wc -l <"$OUT")"
    grep -qE '^depomap [0-9]+\.[0-9]+' "$OUT" && pass || fail "version line does not start with 'depomap N.N'"
    for lib in GDAL PROJ GEOS SQLite SpatiaLite; do expect_stdout_contains "$lib"; done
}

# Bad usage: exit 2, the message on stderr, nothing on stdout.
expect_exit 2 "$DEPOMAP" && expect_stdout_empty
expect_exit 2 "$DEPOMAP" frobnicate && {
    expect_stdout_empty
    # The message must say what was wrong: the verb it did not know.
    expect_stderr_contains "frobnicate"
}
expect_exit 2 "$DEPOMAP" info --frobnicate && { expect_stderr_contains "--frobnicate"; expect_stdout_empty; }
expect_exit 2 "$DEPOMAP" load --db x.sqlite && { expect_stderr_contains "required"; expect_stdout_empty; }
expect_exit 2 "$DEPOMAP" sql --db x.sqlite && expect_stdout_empty
expect_exit 2 "$DEPOMAP" load --db && expect_stdout_empty
expect_exit 2 "$DEPOMAP" info --db x.sqlite --json=maybe
finish
