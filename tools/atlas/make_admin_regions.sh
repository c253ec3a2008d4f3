#!/bin/sh
# Build geodata/admin_regions.geojson from Natural Earth 1:10m (v4.1.0) as shipped by
# Debian's qgis-common in /usr/share/qgis/resources/data/world_map.gpkg (public domain).
#   - every country (layer "countries") at level=country
#   - Crimea (UA-43) and Sevastopol (UA-40) in Ukraine, as recognised by UN GA resolution 68/262 and
#     ISO 3166, flagged disputed/occupied (Natural Earth's default view draws them in Russia)
#   - first-level regions (layer "states_provinces") for the countries in REGION_COUNTRIES
#   - geometries simplified (topology-preserving, 0.02 deg: the file stays under 5 MiB), repaired with MakeValid,
#     written as MultiPolygon, RFC 7946 (CCW outer rings), 4 decimals (~11 m).
#   - ISO 3166-2 codes and local (Russian/Ukrainian) names are matched from Debian's
#     iso-codes package (/usr/share/iso-codes/json/iso_3166-2.json + its gettext catalogues).
# Needs: gdal-bin, python3-gdal (Debian /usr/bin/python3), qgis-common, iso-codes.
# Usage: tools/atlas/make_admin_regions.sh [OUT]   (default geodata/admin_regions.geojson)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${1:-$ROOT/geodata/admin_regions.geojson}
SRC=${WORLD_MAP_GPKG:-/usr/share/qgis/resources/data/world_map.gpkg}
TOL=${SIMPLIFY_TOLERANCE:-0.02}
REGION_COUNTRIES=${REGION_COUNTRIES:-RUS,UKR,CHN,USA,AUS,CAN,BRA,GRL,SWE,ZAF,NAM,VNM,MWI,TZA,KEN,MYS,EST,FRA,MNG,IND,AFG,NOR,ZMB,KGZ,KAZ,MMR,AGO,BDI,FIN,TUR,MDG,COD,UGA,MOZ,SAU,LKA,GAB}
[ -r "$SRC" ] || { echo "make_admin_regions: $SRC not found (apt-get install qgis-common)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# 1. extract + simplify with ogr2ogr (SimplifyPreserveTopology per feature)
ogr2ogr -q -f GPKG "$TMP/c.gpkg" "$SRC" countries -nln countries -simplify "$TOL" -nlt MULTIPOLYGON
WHERE=$(echo "$REGION_COUNTRIES" | sed "s/,/','/g")
ogr2ogr -q -f GPKG "$TMP/r.gpkg" "$SRC" states_provinces -nln regions -simplify "$TOL" \
  -nlt MULTIPOLYGON -where "adm0_a3 IN ('$WHERE')"
# 2. the recognised boundaries (UN GA resolution 68/262, ISO 3166): Natural Earth 4.1 draws Crimea and
#    Sevastopol inside Russia. Russia, Ukraine and those two regions are taken unsimplified, so that
#    admin_regions.py moves the peninsula from Russia to Ukraine along Natural Earth's own shared line
#    and only then simplifies both countries with the same tolerance.
ogr2ogr -q -f GPKG "$TMP/raw.gpkg" "$SRC" countries -nln countries -nlt MULTIPOLYGON -where "ISO_A3 IN ('RUS','UKR')"
ogr2ogr -q -f GPKG -update "$TMP/raw.gpkg" "$SRC" states_provinces -nln occupied -nlt MULTIPOLYGON \
  -where "adm0_a3 = 'RUS' AND name IN ('Crimea','Sevastopol')"
# 3. attributes, ISO codes, validity, RFC 7946 output
rm -f "$OUT"
/usr/bin/python3 "$HERE/admin_regions.py" "$TMP/c.gpkg" "$TMP/r.gpkg" "$OUT" "$TMP/raw.gpkg" "$TOL"
# 4. the names people write for each region (geodata/region_names.csv), carried as name_alt
/usr/bin/python3 "$HERE/make_region_names.py" "$OUT"
