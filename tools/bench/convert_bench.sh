#!/usr/bin/env bash
# Benchmark: depomap convert against a shell loop of ogr2ogr on the same 40 mixed sources
# (GeoJSON, Shapefile in Pulkovo 1942 / Gauss-Krüger zone 18, CSV with lon/lat columns, KML,
# GeoPackage with points and polygons; 5,000 to 200,000 features each), generated into a temp dir.
#
#   tools/bench/convert_bench.sh [DEPOMAP]        (default: build-release/depomap, else build/depomap)
#   SCALE=4 tools/bench/convert_bench.sh          (every source 4 times smaller, for a loaded machine)
#   SOURCES=20 ...                                (fewer sources)
#   SOURCES_DIR=DIR ...                           (sources generated into DIR once, then reused)
#   GENERATE_ONLY=1 SOURCES_DIR=DIR ...           (generate the sources into DIR and stop)
#
# Two runs, each timed for both tools in the same run: to GeoPackage reprojected to EPSG:28418,
# and to GeoJSON (RFC 7946, EPSG:4326: the Gauss-Krüger Shapefiles are reprojected). Prints the
# wall times and CPU times, the ratios ogr2ogr/depomap and whether every output has the same feature count.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DEPOMAP="${1:-}"
if [[ -z "$DEPOMAP" ]]; then
    for b in build-release build build-conv; do
        [[ -x "$ROOT/$b/depomap" ]] && DEPOMAP="$ROOT/$b/depomap" && break
    done
fi
[[ -x "$DEPOMAP" ]] || { echo "no depomap binary (give its path)" >&2; exit 2; }
SCALE="${SCALE:-1}"
SOURCES="${SOURCES:-40}"
JOBS="${JOBS:-$(nproc)}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/convert-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
SRC="${SOURCES_DIR:-$TMP/sources}" # SOURCES_DIR=DIR: generated there once, kept and reused
mkdir -p "$SRC" "$TMP/gen"

echo "depomap: $DEPOMAP ($("$DEPOMAP" --version))"
echo "ogr2ogr: $(ogr2ogr --version)"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); depomap -j $JOBS"
echo "generating $SOURCES sources (SCALE=$SCALE) in $SRC ..."

# Sizes cycle through 5,000 .. 200,000 features.
sizes=(5000 200000 20000 50000 100000 10000 150000 30000)
[[ -n "$(ls -A "$SRC")" ]] && echo "reusing the sources in $SRC" || python3 - "$TMP/gen" "$SOURCES" "$SCALE" "${sizes[@]}" <<'PY'
import json, math, random, sys
out, count, scale, sizes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [int(s) for s in sys.argv[4:]]
kinds = ["geojson", "shp", "csv", "kml", "gpkg"]
for i in range(count):
    kind = kinds[i % len(kinds)]
    n = max(1, sizes[i % len(sizes)] // scale)
    rnd = random.Random(i)
    name = f"src_{i:02d}_{kind}"
    # Points around Irkutsk (inside Gauss-Krüger zone 18); the GPKG sources carry small squares.
    polygons = kind == "gpkg" and i % 2 == 1
    if kind == "kml":
        # Written directly: GDAL's LIBKML writer takes minutes for 50,000 placemarks.
        with open(f"{out}/{name}.kml", "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document id="root_doc">\n')
            f.write('<Schema name="%s" id="%s"><SimpleField name="id" type="string"/><SimpleField name="commodity" type="string"/>'
                    '<SimpleField name="grade_pct" type="float"/></Schema>\n<Folder><name>%s</name>\n' % (name, name, name))
            for k in range(n):
                f.write('<Placemark><name>Site %d</name><ExtendedData><SchemaData schemaUrl="#%s"><SimpleData name="id">%s-%d</SimpleData>'
                        '<SimpleData name="commodity">REE</SimpleData><SimpleData name="grade_pct">%.3f</SimpleData></SchemaData></ExtendedData>'
                        '<Point><coordinates>%.6f,%.6f</coordinates></Point></Placemark>\n'
                        % (k, name, name, k, rnd.random() * 5, rnd.uniform(102, 108), rnd.uniform(50, 58)))
            f.write('</Folder></Document></kml>\n')
        continue
    if kind == "csv":
        with open(f"{out}/{name}.csv", "w") as f:
            f.write("id,name,commodity,grade_pct,lon,lat\n")
            for k in range(n):
                f.write(f"{name}-{k},Site {k},REE,{rnd.random() * 5:.3f},{rnd.uniform(102, 108):.6f},{rnd.uniform(50, 58):.6f}\n")
        continue
    with open(f"{out}/{name}.geojson", "w") as f:
        f.write('{"type":"FeatureCollection","name":"%s","features":[\n' % name)
        for k in range(n):
            x, y = rnd.uniform(102, 108), rnd.uniform(50, 58)
            if polygons:
                d = 0.01
                geom = {"type": "Polygon", "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}
            else:
                geom = {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]}
            props = {"id": f"{name}-{k}", "name": f"Site {k}", "commodity": "REE", "grade_pct": round(rnd.random() * 5, 3)}
            f.write(("," if k else "") + json.dumps({"type": "Feature", "properties": props, "geometry": geom}) + "\n")
        f.write("]}\n")
PY
for g in "$TMP"/gen/*; do
    base=$(basename "$g")
    stem=${base%.*}
    case "$base" in
    *_geojson.geojson | *.csv | *.kml) mv "$g" "$SRC/$base" ;;
    *_shp.geojson) ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:28418 "$SRC/$stem.shp" "$g" ;;
    *_gpkg.geojson) ogr2ogr -f GPKG "$SRC/$stem.gpkg" "$g" ;;
    esac
done
rm -rf "$TMP/gen"
total=0
for f in "$SRC"/*.geojson "$SRC"/*.shp "$SRC"/*.kml "$SRC"/*.gpkg "$SRC"/*.csv; do
    [[ $f == *.csv ]] && n=$(($(wc -l <"$f") - 1)) ||
        n=$(ogrinfo -ro -so -al "$f" | awk -F': ' '/^Feature Count/ {s += $2} END {print s}')
    total=$((total + n))
done
echo "$(ls "$SRC" | grep -cE '\.(geojson|shp|kml|gpkg|csv)$') sources, $total features, $(du -sh "$SRC" | cut -f1)"
[[ -z "${GENERATE_ONLY:-}" ]] || exit 0 # GENERATE_ONLY=1 with SOURCES_DIR: the sources only (ab.sh)

# ogr2ogr_loop FORMAT EXT OUTDIR LCO... : the shell loop a user would write.
ogr2ogr_loop() {
    local format=$1 ext=$2 outdir=$3 t_srs=$4
    shift 4
    mkdir -p "$outdir"
    for f in "$SRC"/*; do
        case "$f" in *.geojson | *.shp | *.kml | *.gpkg | *.csv) ;; *) continue ;; esac
        local base stem
        base=$(basename "$f")
        stem=${base%.*}
        if [[ $f == *.csv ]]; then
            ogr2ogr -f "$format" "$@" -t_srs "$t_srs" -s_srs EPSG:4326 "$outdir/$stem$ext" "$f" \
                -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=YES
        else
            ogr2ogr -f "$format" "$@" -t_srs "$t_srs" "$outdir/$stem$ext" "$f"
        fi
    done
}

# counts DIR EXT: "name count" per output.
counts() {
    for f in "$1"/*"$2"; do
        echo "$(basename "$f") $(ogrinfo -ro -so -al "$f" | awk -F': ' '/^Layer name/ {skip = ($2 == "layer_styles")} /^Feature Count/ && !skip {s += $2} END {print s}')"
    done | sort
}

now() { date +%s.%N; }
# bench LABEL FORMAT EXT T_SRS LCO...: depomap convert (-j $JOBS) and then the ogr2ogr loop, each under
# tree_peak.py: wall time, CPU (user + sys of the whole process tree) and the peak of the memory
# of all its processes summed (depomap's workers with their parent; the loop's shell and ogr2ogr).
export -f ogr2ogr_loop
export SRC
bench() {
    local label=$1 format=$2 ext=$3 t_srs=$4
    shift 4
    local t0 t1 t2 d o dm om
    t0=$(now)
    /usr/bin/python3 "$HERE/tree_peak.py" "$TMP/peak-d" "$DEPOMAP" convert "$SRC" -f "$format" -o "$TMP/depomap-$ext" \
        --t-srs "$t_srs" --x-field lon --y-field lat -j "$JOBS" -q
    t1=$(now)
    /usr/bin/python3 "$HERE/tree_peak.py" "$TMP/peak-o" bash -c 'ogr2ogr_loop "$@"' _ "$format" "$ext" "$TMP/ogr-$ext" "$t_srs" "$@"
    t2=$(now)
    read -r dm_sum dm_max dm_cpu <"$TMP/peak-d"
    read -r om_sum om_max om_cpu <"$TMP/peak-o"
    d=$(echo "$t1 - $t0" | bc -l)
    o=$(echo "$t2 - $t1" | bc -l)
    local same=no
    [[ "$(counts "$TMP/depomap-$ext" "$ext")" == "$(counts "$TMP/ogr-$ext" "$ext")" ]] && same=yes
    printf '%-34s depomap %7.1f s   ogr2ogr loop %7.1f s   ratio %.2fx   equal feature counts: %s\n' \
        "$label" "$d" "$o" "$(echo "$o / $d" | bc -l)" "$same"
    printf '%-34s CPU (user+sys): depomap %7.1f s   ogr2ogr loop %7.1f s   ratio %.2fx\n' "" \
        "$dm_cpu" "$om_cpu" "$(echo "$om_cpu / $dm_cpu" | bc -l)"
    printf '%-34s peak memory, all processes summed: depomap %s MiB (largest process %s)   ogr2ogr loop %s MiB (largest %s)\n' "" \
        "$dm_sum" "$dm_max" "$om_sum" "$om_max"
    [[ $same == yes ]] || diff <(counts "$TMP/depomap-$ext" "$ext") <(counts "$TMP/ogr-$ext" "$ext") | head >&2
    rm -rf "$TMP/depomap-$ext" "$TMP/ogr-$ext"
}

bench "GPKG, reprojected to EPSG:28418" GPKG .gpkg EPSG:28418
bench "GeoJSON (RFC 7946, EPSG:4326)" GeoJSON .geojson EPSG:4326 -lco RFC7946=YES -lco COORDINATE_PRECISION=7

# The same conversion without the KML sources: GDAL's KML reader builds the whole document in
# memory (about 600 MiB for 200,000 placemarks, in depomap's worker and in ogr2ogr alike), so the
# memory target is read on the other sources.
mkdir -p "$TMP/no-kml"
for f in "$SRC"/*; do [[ $f == *.kml ]] || ln -s "$f" "$TMP/no-kml/"; done
/usr/bin/python3 "$HERE/tree_peak.py" "$TMP/peak-n" "$DEPOMAP" convert "$TMP/no-kml" -f GPKG -o "$TMP/depomap-no-kml" \
    --t-srs EPSG:28418 --x-field lon --y-field lat -j "$JOBS" -q
read -r nk_sum nk_max nk_cpu <"$TMP/peak-n"
printf '%-34s peak memory, all processes summed: depomap %s MiB (largest process %s), %s s CPU\n' \
    "GPKG, the sources but KML" "$nk_sum" "$nk_max" "$nk_cpu"
