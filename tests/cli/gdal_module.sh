#!/usr/bin/env bash
# The GDAL verbs (init, load, convert, export, qgis-project, render) come from the module
# depomap-gdal.so beside the binary: the other verbs start without GDAL, and a binary whose module
# is missing, foreign or from another version says so and leaves the store alone.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

# libs_loaded CMD...: the shared objects the dynamic loader opened for the command.
libs_loaded() {
    LD_DEBUG=files "$@" 2>&1 >/dev/null | grep -oE 'file=[^ ]+' | sed 's/^file=//' | sort -u
}

new_store "$WORK/a.sqlite"
run "$DEPOMAP" load -q --db "$WORK/a.sqlite" "$DATA/deposits.geojson"
[[ "$RC" == 0 ]] && pass || fail "load failed"

# The query verbs never open GDAL; the GDAL verbs do, through the module.
for verb in "info --db $WORK/a.sqlite" "sql --db $WORK/a.sqlite SELECT 1" "nearest --db $WORK/a.sqlite" \
    "within --db $WORK/a.sqlite --point 30,60 --km 5000" "summary --db $WORK/a.sqlite --by country_iso3" \
    "region --db $WORK/a.sqlite --name Murmansk" "--help"; do
    # shellcheck disable=SC2086 # the verb's words
    libs=$(libs_loaded "$DEPOMAP" $verb)
    LAST_CMD="depomap $verb"
    grep -q libgdal <<<"$libs" && fail "'$verb' loaded GDAL" || pass
    grep -q depomap-gdal <<<"$libs" && fail "'$verb' loaded the module" || pass
done
# region reads a polygon file through GDAL; the store's admin regions it reads without.
libs=$(libs_loaded "$DEPOMAP" region --db "$WORK/a.sqlite" --polygon "$DATA/deposits.geojson")
grep -q 'depomap-gdal.so' <<<"$libs" && grep -q libgdal <<<"$libs" && pass || fail "region --polygon did not load the module"

# A binary without its module: the query verbs and --help work, a GDAL verb fails with the
# module's path and the loader's reason, exit 1, and creates nothing.
mkdir -p "$WORK/alone"
cp "$DEPOMAP" "$WORK/alone/depomap"
expect_exit 0 "$WORK/alone/depomap" sql --db "$WORK/a.sqlite" -f csv "SELECT count(*) FROM deposits"
expect_exit 0 "$WORK/alone/depomap" --help && expect_stdout_contains "qgis-project"
expect_exit 1 "$WORK/alone/depomap" region --db "$WORK/a.sqlite" --name Murmansk &&
    expect_stderr_contains "the store has no admin regions to look 'Murmansk' up in"
run "$DEPOMAP" init -q --db "$WORK/atlas.sqlite" --atlas
expect_exit 0 "$WORK/alone/depomap" region --db "$WORK/atlas.sqlite" --name Murmansk -f csv &&
    expect_stdout_contains "ru-karnasurt,"
expect_exit 0 "$WORK/alone/depomap" --version && expect_stdout_contains "GDAL not loaded"
expect_exit 1 "$WORK/alone/depomap" init --db "$WORK/alone/new.sqlite" && {
    expect_stderr_contains "cannot load the verbs that need GDAL"
    expect_stderr_contains "$WORK/alone/depomap-gdal.so"
    expect_stderr_lines 1
    expect_stdout_empty
    [[ ! -e "$WORK/alone/new.sqlite" ]] && pass || fail "init without the module created a store"
}
store_snapshot "$WORK/a.sqlite" >"$WORK/before"
expect_exit 1 "$WORK/alone/depomap" load --db "$WORK/a.sqlite" "$DATA/deposits.geojson" &&
    expect_stderr_contains "cannot load the verbs that need GDAL"
expect_same_snapshot "load without the module" "$WORK/before" "$WORK/a.sqlite"

# A file of that name that is not a depomap module, and a module of another version.
if command -v cc >/dev/null; then
    echo 'int unrelated(void) { return 1; }' >"$WORK/other.c"
    cc -shared -fPIC -o "$WORK/alone/depomap-gdal.so" "$WORK/other.c"
    expect_exit 1 "$WORK/alone/depomap" export --db "$WORK/a.sqlite" -o "$WORK/out.gpkg" &&
        expect_stderr_contains "depomap-gdal.so: not a depomap module"
    printf '%s\n' 'const char *depomap_gdal_module_version(void) { return "0.0.1"; }' \
        'const void *depomap_gdal_verbs(void) { return 0; }' >"$WORK/old.c"
    cc -shared -fPIC -o "$WORK/alone/depomap-gdal.so" "$WORK/old.c"
    expect_exit 1 "$WORK/alone/depomap" convert "$DATA/deposits.geojson" -o "$WORK/out.geojson" &&
        expect_stderr_contains "depomap-gdal.so: from depomap 0.0.1, not "
    [[ ! -e "$WORK/out.gpkg" && ! -e "$WORK/out.geojson" ]] && pass || fail "a refused module's verb wrote a file"
else
    echo "gdal_module: no C compiler, the foreign-module checks are skipped"
fi

# The folders carry the split: only src/gdal/ and tools/depomap/module/ include a GDAL header or a
# header of src/gdal/ (the executable links depomap_base alone, so a call across would not link).
LAST_CMD="grep for GDAL headers outside src/gdal/ and tools/depomap/module/"
outside=$(cd "$SRC" && grep -lE '#include [<"]((gdal|ogr|cpl)[a-z_]*\.h|gdal/)' -r src include tools/depomap \
    | grep -vE '^(src/gdal/|tools/depomap/module/)' || true)
[[ -z "$outside" ]] && pass || fail "GDAL headers outside src/gdal/: $outside"
inside=$(cd "$SRC" && grep -lE '#include [<"]((gdal|ogr|cpl)[a-z_]*\.h|gdal/)' -r src/gdal | wc -l)
(( inside > 20 )) && pass || fail "only $inside files under src/gdal/ include GDAL: is the check still looking?"
finish
