#!/usr/bin/env bash
# Round trip: export the shipped atlas in every format load reads back, load each export into a
# fresh store, export that store the same way: both exports hold the same features by meaning
# (every field and the geometry, rounded, sorted), and the columns come back as columns, not in
# `extra` (a Shapefile's cut names through its .fieldmap.csv; a GeoPackage's layers picked with
# --source-layer).
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

A="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$A" --atlas
LAYERS=(deposits processing_sites reserve_areas)
PY=/usr/bin/python3 # Debian's, with GDAL's bindings

# dump FOLDER_OR_FILE: every feature of every layer as "layer|field=value|...|geometry", sorted;
# reals to 9 significant digits, coordinates to 7 decimals; the reading GDAL does, not depomap.
dump() {
    "$PY" - "$1" <<'PY'
import re, sys
from osgeo import gdal, ogr
gdal.UseExceptions()
out = []
def value(v):
    if isinstance(v, float):
        return "%.9g" % v
    return str(v)
def open_all(path):
    import os
    if os.path.isdir(path):
        return [ogr.Open(os.path.join(path, f)) for f in sorted(os.listdir(path))
                if f.split(".")[-1] in ("geojson", "shp", "fgb", "kml", "csv")]
    return [ogr.Open(path)]
for ds in open_all(sys.argv[1]):
    for layer in ds:
        if layer.GetName() not in ("deposits", "processing_sites", "reserve_areas"):
            continue  # a GeoPackage's layer_styles
        for f in layer:
            fields = [f"{k}={value(v)}" for k, v in sorted(f.items().items()) if k not in ("X", "Y", "WKT")]
            g = f.GetGeometryRef()
            wkt = re.sub(r"-?\d+\.\d+", lambda m: "%.7f" % float(m.group()), g.ExportToWkt()) if g else ""
            out.append("|".join([layer.GetName()] + fields + [wkt]))
print("\n".join(sorted(out)))
PY
}

# round_trip FORMAT EXT: the export is a folder of LAYER.EXT files or, for GPKG, one file.
round_trip() {
    local format=$1 layer
    local first="$WORK/$format.1" second="$WORK/$format.2" b="$WORK/$format.sqlite"
    [[ "$format" == gpkg ]] && first+=.gpkg && second+=.gpkg
    local -a only=()
    for layer in "${LAYERS[@]}"; do only+=(--layer "$layer"); done
    expect_exit 0 "$DEPOMAP" export -q --db "$A" -f "$format" -o "$first" "${only[@]}" || return
    new_store "$b"
    for layer in "${LAYERS[@]}"; do
        local -a source=("$first/$layer.$2") geometry=()
        [[ "$format" == gpkg ]] && source=("$first" --source-layer "$layer")
        if [[ "$format" == csv ]]; then
            geometry=(--x-field X --y-field Y)
            [[ "$layer" == reserve_areas ]] && geometry=(--wkt-field WKT)
        fi
        expect_exit 0 "$DEPOMAP" load -q --db "$b" --layer "$layer" "${source[@]}" "${geometry[@]}" || return
    done
    expect_exit 0 "$DEPOMAP" export -q --db "$b" -f "$format" -o "$second" "${only[@]}" || return
    local one two
    one=$(dump "$first")
    two=$(dump "$second")
    [[ -n "$one" ]] && pass || fail "$format: the first export holds nothing (the check proves nothing)"
    expect_eq "$format: features in the first export" \
        "$(sql_count "$A" "SELECT (SELECT count(*) FROM deposits) + (SELECT count(*) FROM processing_sites) + (SELECT count(*) FROM reserve_areas)")" \
        "$(printf '%s\n' "$one" | wc -l)"
    if [[ "$one" == "$two" ]]; then pass; else
        fail "$format: export -> load -> export differs"
        diff <(printf '%s\n' "$one") <(printf '%s\n' "$two") | head -n 6 | cut -c1-300 >&2
    fi
    # The columns came back as columns.
    expect_eq "$format: country_iso3 of deposits" "$(sql_count "$A" "SELECT count(country_iso3) FROM deposits")" \
        "$(sql_count "$b" "SELECT count(country_iso3) FROM deposits")"
    expect_eq "$format: column names in extra" 0 \
        "$(sql_count "$b" "SELECT count(*) FROM deposits WHERE json_extract(extra, '\$.country_iso3') IS NOT NULL OR json_extract(extra, '\$.cntry_iso3') IS NOT NULL OR json_extract(extra, '\$.extra') IS NOT NULL")"
}

round_trip geojson geojson
round_trip gpkg gpkg
round_trip shp shp
round_trip fgb fgb
round_trip kml kml
round_trip csv csv
finish
