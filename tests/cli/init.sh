#!/usr/bin/env bash
# init: creates a store, refuses to replace one without --overwrite, --atlas loads the atlas.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

S="$WORK/s.sqlite"
expect_exit 0 "$DEPOMAP" init --db "$S" && expect_stdout_empty
[[ -f "$S" ]] && pass || fail "init did not create $S"
expect_eq "schema version" 3 "$(sql_value "$S" "SELECT value FROM depomap_meta WHERE key='schema_version'")"
expect_eq "journal mode" wal "$(sql_value "$S" "PRAGMA journal_mode")"
for layer in deposits processing_sites reserve_areas admin_regions country_stats occurrences; do
    expect_eq "$layer rows in a new store" 0 "$(sql_count "$S" "SELECT count(*) FROM $layer")"
done
expect_eq "spatially indexed layers" 5 \
    "$(sql_count "$S" "SELECT count(*) FROM geometry_columns WHERE spatial_index_enabled=1")"
expect_eq "layer_styles table" 1 "$(sql_count "$S" "SELECT count(*) FROM sqlite_master WHERE name='layer_styles'")"
# No temporary file left beside the store.
leftovers=$(ls "$WORK" | grep -v -E '^(s\.sqlite(-wal|-shm)?|last\.std(out|err))$' || true)
expect_eq "files left beside the store" "" "$leftovers"

# A store with deposits, for --overwrite below. Without --overwrite an existing store, or a file
# that is not one, is refused and kept: rows of tests/cli/tables/init.ini.
run "$DEPOMAP" load -q --db "$S" "$DATA/deposits.geojson"
expect_eq "deposits after load" 3 "$(sql_count "$S" "SELECT count(*) FROM deposits")"

# --overwrite replaces it with an empty store.
expect_exit 0 "$DEPOMAP" init --db "$S" --overwrite
expect_eq "deposits after --overwrite" 0 "$(sql_count "$S" "SELECT count(*) FROM deposits")"
expect_eq "schema version after --overwrite" 3 "$(sql_value "$S" "SELECT value FROM depomap_meta WHERE key='schema_version'")"

# --db defaults to $DEPOMAP_DB.
DEPOMAP_DB="$WORK/env.sqlite" expect_exit 0 "$DEPOMAP" init -q
[[ -f "$WORK/env.sqlite" ]] && pass || fail "init without --db did not use \$DEPOMAP_DB"

# -q: errors only.
expect_exit 0 "$DEPOMAP" -q init --db "$WORK/quiet.sqlite" && expect_stderr_empty

# --atlas: every atlas layer holds features, and QGIS styles are stored.
A="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init --db "$A" --atlas
for layer in deposits processing_sites admin_regions country_stats occurrences; do
    n=$(sql_count "$A" "SELECT count(*) FROM $layer")
    [[ "$n" =~ ^[0-9]+$ && "$n" -gt 0 ]] && pass || fail "atlas layer $layer has '$n' features"
done
for layer in deposits processing_sites admin_regions occurrences; do
    expect_eq "$layer R*Tree entries = rows" "$(sql_count "$A" "SELECT count(*) FROM $layer")" \
        "$(sql_count "$A" "SELECT count(*) FROM idx_${layer}_geom")"
done
n=$(sql_count "$A" "SELECT count(*) FROM layer_styles")
[[ "$n" =~ ^[0-9]+$ && "$n" -gt 0 ]] && pass || fail "atlas store has '$n' layer styles"
finish
