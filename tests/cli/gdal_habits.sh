#!/usr/bin/env bash
# What users bring from GDAL and elsewhere: -t_srs, -s_srs, -where work as depomap's options;
# GDAL options with no counterpart answer with the depomap way; a mistyped option is named with
# the closest one (not "--km is required"); `depomap help VERB` is `depomap VERB --help`.
source "$(dirname "$0")/lib.bash"

ATLAS="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$ATLAS" --atlas

# -where is --where, -t_srs is --t-srs, -s_srs is --s-srs: the same answers.
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -where "country_iso3 = 'RUS'" -f csv
cp "$OUT" "$WORK/gdal.csv"
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" --where "country_iso3 = 'RUS'" -f csv
cmp -s "$OUT" "$WORK/gdal.csv" && pass || fail "-where and --where answer differently"
expect_exit 0 "$DEPOMAP" export --db "$ATLAS" -f geojson -o "$WORK/a" --layer deposits -t_srs EPSG:4326 -where "country_iso3 = 'UKR'"
[[ -s "$WORK/a/deposits.geojson" || -s "$WORK/a" ]] && pass || fail "export with -t_srs wrote nothing"
expect_exit 0 "$DEPOMAP" convert "$DATA/deposits_3857.geojson" -f gpkg -o "$WORK/c" -s_srs EPSG:3857 -t_srs EPSG:4326
expect_stderr_contains "ok"

# GDAL options depomap has no counterpart for: exit 2, the depomap way, the verb named.
for option in -nln -lco -dsco -sql -nlt -append -select -spat -skipfailures -overwrite -a_srs; do
    expect_exit 2 "$DEPOMAP" export --db "$ATLAS" -f gpkg -o "$WORK/x.gpkg" "$option" value
    expect_stderr_contains "depomap export: '$option' is ogr2ogr's option"
    expect_stderr_lines 1
    expect_stdout_empty
done
[[ ! -e "$WORK/x.gpkg" ]] && pass || fail "a refused command wrote its output"

# A mistyped option: named, with the closest option of the verb; not "--km is required".
expect_exit 2 "$DEPOMAP" within --db "$ATLAS" --id ru-smz --kms 500
expect_stderr_contains "depomap within: unknown option '--kms' (did you mean --km?)"
! grep -q required "$ERR" && pass || fail "a typo was reported as a missing option"
expect_exit 2 "$DEPOMAP" nearest --db "$ATLAS" --wehre "1 = 1"
expect_stderr_contains "did you mean --where?"
expect_exit 2 "$DEPOMAP" info --db "$ATLAS" --frobnicate
expect_stderr_contains "unknown option '--frobnicate'"
# Values that look like options are values: --point -70.5,45, --where "-1 = -1", -k3.
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --point -70.5,45 --km 10
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" --where "-1 = -1" -k3 -f csv
expect_exit 0 "$DEPOMAP" within --db="$ATLAS" --id=ru-smz --km=100

# depomap help VERB.
expect_exit 0 "$DEPOMAP" help within
expect_stdout_contains "--km"
expect_stdout_contains "Examples"
expect_exit 0 "$DEPOMAP" help
expect_stdout_contains "qgis-project"
expect_exit 0 "$DEPOMAP" -q help nearest
expect_stdout_contains "--to-where"
finish
