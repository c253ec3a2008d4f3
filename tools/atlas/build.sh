#!/bin/sh
# Builds every file of geodata/ that is made from sources, in order, with one command:
#   tools/atlas/build.sh [OUT_DIR]     (default: geodata/ itself)
# Sources: the curated, cited records in tools/atlas/*.py (sources.py for the citations), geodata/reference/
# (the reference notes: USGS MCS 2025 figures), geodata/usgs-minmod/ (the USGS MinMod site files),
# geodata/region_names_common.csv, Natural Earth via QGIS's world_map.gpkg and Debian's iso-codes.
# Needs (Debian): gdal-bin python3-gdal python3-pyproj geographiclib-tools qgis-common iso-codes.
# With OUT_DIR, the files are written there and geodata/ is left as it is: tools/atlas/check_build.py
# (CTest atlas.build) builds into a temporary folder and compares the result with the shipped files.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${1:-$ROOT/geodata}
mkdir -p "$OUT"
GEODATA_OUT=$(cd "$OUT" && pwd)
export GEODATA_OUT
PY=/usr/bin/python3
say() { echo "build: $*" >&2; }
say "admin_regions.geojson, region_names.csv"
sh "$HERE/make_admin_regions.sh" "$GEODATA_OUT/admin_regions.geojson" >&2
say "country_names.csv"
$PY "$HERE/make_country_names.py" "$GEODATA_OUT"
say "deposits.csv, processing_sites.csv"
$PY "$HERE/build_points.py" 2>&1 | tail -n 1 >&2
say "reserve_areas.geojson"
$PY "$HERE/make_reserve_areas.py" >&2
say "country_stats.csv"
$PY "$HERE/make_country_stats.py" >&2
say "occurrences.csv, occurrences_report.csv"
$PY "$HERE/make_occurrences.py" "$GEODATA_OUT"
say "checked_sources.csv"
$PY "$HERE/make_checked_sources.py"
say "done: $GEODATA_OUT"
