#!/usr/bin/env bash
# load writes countries as ISO 3166-1 alpha-3 codes: names in any common spelling or language
# ("Russia", «Россия», "RUSSIAN FEDERATION", «россия») map to RUS through geodata/country_names.csv,
# in country_iso3 or, for a source without that field, in a field named `country`; an unknown name
# is a warning (kept, or country_iso3 left empty) or, with --strict-country, a reject.
# --assign-country fills an empty country_iso3 from the location by the store's admin regions and
# reports a code the location contradicts (a reject with --strict-country). The README's USGS
# example ends with the Russian sites under country_iso3 = 'RUS'.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

ATLAS="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$ATLAS" --atlas
cp "$ATLAS" "$WORK/atlas.pristine"

point() { printf '{"type":"Feature","properties":{"id":"%s",%s},"geometry":{"type":"Point","coordinates":[%s]}}' "$@"; }
{
    echo '{"type":"FeatureCollection","features":['
    point n1 '"country_iso3":"Russia"' '100,60'
    echo ','; point n2 '"country_iso3":"Россия"' '100,61'
    echo ','; point n3 '"country_iso3":"RUSSIAN FEDERATION"' '100,62'
    echo ','; point n4 '"country_iso3":"россия"' '100,63'
    echo ','; point n5 '"country_iso3":"rus"' '100,64'
    echo ','; point n6 '"country_iso3":"Atlantis"' '100,65'
    echo ','; point n7 '"country_iso3":"Atlantis"' '100,66'
    echo ','; point e1 '"country_iso3":""' '116,71.05'
    echo ','; point c1 '"country_iso3":"CHN"' '100,67'
    echo ','; point s1 '"country_iso3":null' '-30,0'
    echo ']}'
} >"$WORK/named.geojson"
# expected_codes E1: the codes of named.geojson after a load, with e1's (empty, or assigned).
expected_codes() { printf 'c1,CHN\ne1,%s\nn1,RUS\nn2,RUS\nn3,RUS\nn4,RUS\nn5,RUS\nn6,Atlantis\nn7,Atlantis\ns1,\n' "$1"; }
codes() { sqlite3 -readonly -batch -noheader -separator , "$1" "SELECT id, coalesce(country_iso3, '') FROM deposits WHERE id IN ('n1','n2','n3','n4','n5','n6','n7','e1','c1','s1') ORDER BY id"; }

# Names become codes; an unknown one is kept, said once with its count.
expect_exit 0 "$DEPOMAP" load --db "$ATLAS" "$WORK/named.geojson"
expect_eq "names to codes" "$(expected_codes "")" "$(codes "$ATLAS")"
expect_stderr_contains "country_iso3 'Atlantis' (2 features): not an ISO 3166-1 alpha-3 code or a country name of country_names.csv; kept as given"
expect_stderr_contains "loaded 10 of 10 features"
expect_stderr_lines 2

# --strict-country: the unknown name is a reject.
cp "$WORK/atlas.pristine" "$ATLAS"
expect_exit 0 "$DEPOMAP" load --db "$ATLAS" "$WORK/named.geojson" --strict-country --skip-invalid --rejects "$WORK/r.csv"
expect_stderr_contains "loaded 8 of 10 features into deposits; 2 rejected"
expect_file_contains "$WORK/r.csv" "country_iso3 'Atlantis' is neither an ISO 3166-1 alpha-3 code nor a country name of country_names.csv; --strict-country rejects it"
expect_eq "rejects" 3 "$(wc -l <"$WORK/r.csv")"
cp "$WORK/atlas.pristine" "$ATLAS"
store_snapshot "$ATLAS" >"$WORK/before"
expect_exit 1 "$DEPOMAP" load --db "$ATLAS" "$WORK/named.geojson" --strict-country
expect_stderr_contains "named.geojson: feature 6 (id 'n6'): country_iso3 'Atlantis' is neither"
expect_stderr_lines 1
expect_same_snapshot "--strict-country without --skip-invalid" "$WORK/before" "$ATLAS"

# --assign-country: e1 (Tomtor, Yakutia) filled; s1 (mid-Atlantic) in no country; c1 contradicted.
expect_exit 0 "$DEPOMAP" load --db "$ATLAS" "$WORK/named.geojson" --assign-country
expect_eq "assigned" "$(expected_codes RUS)" "$(codes "$ATLAS")"
expect_stderr_contains "--assign-country: country_iso3 filled from the location for 1 feature; 1 feature in no country"
expect_stderr_contains "--assign-country: 1 feature in another country than their country_iso3 (kept as given; --strict-country rejects them); $WORK/named.geojson: feature 9 (id 'c1'): CHN, lies in RUS"
cp "$WORK/atlas.pristine" "$ATLAS"
expect_exit 0 "$DEPOMAP" load --db "$ATLAS" "$WORK/named.geojson" --assign-country --strict-country --skip-invalid --rejects "$WORK/r2.csv"
expect_stderr_contains "loaded 7 of 10 features into deposits; 3 rejected"
expect_file_contains "$WORK/r2.csv" "country_iso3 is CHN, but the location lies in RUS (by the store's admin regions); --strict-country rejects it"
expect_eq "e1 assigned under --strict-country" "RUS" "$(sql_value "$ATLAS" "SELECT country_iso3 FROM deposits WHERE id = 'e1'")"

# A polygon layer: a region's country is found by a point on its surface.
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a1","name":"Tomtor licence","level":"region"},"geometry":{"type":"Polygon","coordinates":[[[116,71],[116.2,71],[116.2,71.1],[116,71.1],[116,71]]]}}]}' >"$WORK/area.geojson"
expect_exit 0 "$DEPOMAP" load -q --db "$ATLAS" --layer admin_regions "$WORK/area.geojson" --assign-country
expect_eq "a polygon's country" "RUS" "$(sql_value "$ATLAS" "SELECT country_iso3 FROM admin_regions WHERE id = 'a1'")"

# No admin regions: a one-line error before anything is read; a layer without country_iso3 or
# without geometry is a usage error.
EMPTY="$WORK/empty.sqlite"
new_store "$EMPTY"
store_snapshot "$EMPTY" >"$WORK/before_empty"
expect_exit 1 "$DEPOMAP" load --db "$EMPTY" "$WORK/named.geojson" --assign-country
expect_stderr_contains "--assign-country: the store has no admin regions to find countries in"
expect_stderr_lines 1
expect_same_snapshot "--assign-country without admin regions" "$WORK/before_empty" "$EMPTY"
expect_exit 2 "$DEPOMAP" load --db "$EMPTY" --layer country_stats "$SRC/geodata/country_stats.csv" --assign-country
expect_stderr_contains "--assign-country: layer country_stats has no country_iso3 to fill from a location"
expect_same_snapshot "--assign-country on country_stats" "$WORK/before_empty" "$EMPTY"
expect_exit 2 "$DEPOMAP" load --db "$ATLAS" --layer reserve_areas "$WORK/area.geojson" --assign-country
expect_stderr_contains "--assign-country: layer reserve_areas has no country_iso3 to fill from a location"

# A source without a country_iso3 field: its `country` field names the country, and stays in extra.
printf 'id,name,country,lon,lat\nu1,Lovozero,Russia,34.8,67.9\nu2,Kvanefjeld,Greenland,-45.97,60.97\nu3,Nowhere,Narnia,10,50\n' >"$WORK/country.csv"
new_store "$WORK/c.sqlite"
expect_exit 0 "$DEPOMAP" load --db "$WORK/c.sqlite" "$WORK/country.csv" --x-field lon --y-field lat
expect_eq "country field" "u1,RUS,Russia
u2,GRL,Greenland
u3,,Narnia" "$(sqlite3 -readonly -batch -noheader -separator , "$WORK/c.sqlite" "SELECT id, coalesce(country_iso3, ''), json_extract(extra, '\$.country') FROM deposits ORDER BY id")"
expect_stderr_contains "country 'Narnia' (1 feature): not an ISO 3166-1 alpha-3 code or a country name of country_names.csv; country_iso3 left empty"

# The README's USGS example: the 50 rows naming Russia that have a location are found by code.
REE="$WORK/ree.sqlite"
new_store "$REE"
expect_exit 0 "$DEPOMAP" load --db "$REE" "$SRC/geodata/usgs-minmod/lanthanum_datafile.csv" \
    --wkt-field location --map id=ms_uri --map name=site_name --skip-invalid --rejects "$WORK/ree_rejects.csv"
russian=$(sql_count "$REE" "SELECT count(*) FROM deposits WHERE json_extract(extra, '\$.country') = 'Russia'")
[[ "$russian" -gt 0 ]] && pass || fail "no Russian site loaded (the check proves nothing)"
expect_eq "USGS: country_iso3 = 'RUS'" "$russian" "$(sql_count "$REE" "SELECT count(*) FROM deposits WHERE country_iso3 = 'RUS'")"
expect_exit 0 "$DEPOMAP" summary --db "$REE" --by country_iso3 --where "country_iso3 = 'RUS'" -f csv
expect_stdout_contains "RUS,$russian"
# Every name of the file is a known one: no row with a name keeps country_iso3 empty.
expect_eq "USGS: names left without a code" 0 "$(sql_count "$REE" "SELECT count(*) FROM deposits WHERE country_iso3 IS NULL AND trim(json_extract(extra, '\$.country')) <> ''")"
finish
