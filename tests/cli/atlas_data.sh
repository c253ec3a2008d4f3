#!/usr/bin/env bash
# The shipped atlas, checked by the data itself through depomap's own store and SQL.
set -euo pipefail
: "${DEPOMAP:?}" "${WORK:?}" "${SRC:?}"
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
q() { "$DEPOMAP" sql --db atlas.sqlite -f csv "$1" | tail -n +2 | tr -d '\r'; }

"$DEPOMAP" init --db atlas.sqlite --atlas -q

# Every deposit and site lies in the country it names, or within 5 km of its border (geodesic).
misplaced_sql() {
  echo "SELECT x.id FROM $1 x WHERE NOT EXISTS (SELECT 1 FROM admin_regions a
        WHERE a.level = 'country' AND a.country_iso3 = x.country_iso3
          AND (ST_Intersects(a.geom, x.geom) OR ST_Distance(a.geom, x.geom, 1) <= 5000))"
}
for layer in deposits processing_sites; do
  bad=$(q "$(misplaced_sql $layer)")
  [ -z "$bad" ] || fail "$layer outside their country: $bad"
done

# The check can fail, and follows the recognised boundaries (UN GA resolution 68/262): a Crimean
# point (Simferopol) given to Russia, the de-facto labelling, is caught; the same point given to
# Ukraine is not; the Crimean regions carry the occupation flag in `extra`.
cp atlas.sqlite probe.sqlite
cat > crimea.csv <<'CSV'
id,name,country_iso3,lon,lat
probe-crimea-rus,Simferopol as Russia,RUS,34.10,44.95
probe-crimea-ukr,Simferopol as Ukraine,UKR,34.10,44.95
CSV
"$DEPOMAP" load --db probe.sqlite crimea.csv --x-field lon --y-field lat -q
caught=$("$DEPOMAP" sql --db probe.sqlite -f csv "$(misplaced_sql deposits)" | tail -n +2 | tr -d '\r')
[ "$caught" = "probe-crimea-rus" ] || fail "the country check did not catch a Crimean point given to Russia: '$caught'"
flags=$(q "SELECT group_concat(id || ':' || country_iso3 || ':' || de_facto_iso3, ' ')
           FROM (SELECT * FROM admin_regions WHERE disputed LIKE 'occupied by Russia since 2014%' ORDER BY id)")
[ "$flags" = "UA-40:UKR:RUS UA-43:UKR:RUS" ] || fail "Crimea/Sevastopol not Ukraine's and flagged: '$flags'"
[ "$(q "SELECT count(*) FROM admin_regions WHERE disputed <> ''")" = 2 ] || fail "other regions flagged disputed"
# The deposits in the areas occupied since 2022 say so in their own column.
flagged=$(q "SELECT group_concat(id, ' ') FROM (SELECT id FROM deposits WHERE disputed LIKE '%occupied by Russia%' ORDER BY id)")
[ "$flagged" = "ua-azovske ua-mazurivske" ] || fail "occupied deposits not flagged: '$flagged'"

# The occurrences layer (USGS site files): all of its rows; each point with agreeing countries lies in
# that country by the admin layer (within 25 km for a coastal point the simplified coastline misses), each
# curated deposit it is linked to exists and lies within its own uncertainty radius of the record.
[ "$(q "SELECT count(*) FROM occurrences")" = "$(($(wc -l <"$SRC/geodata/occurrences.csv") - 1))" ] ||
  fail "occurrences not all loaded"
bad=$(q "SELECT o.id FROM occurrences o WHERE o.country_check IN ('agrees', 'agrees_coast') AND NOT EXISTS
         (SELECT 1 FROM admin_regions a WHERE a.level = 'country' AND a.country_iso3 = o.country_iso3
          AND (ST_Intersects(a.geom, o.geom) OR (o.country_check = 'agrees_coast'
               AND ST_Distance(a.geom, o.geom, 1) <= 25000)))")
[ -z "$bad" ] || fail "occurrences outside the country they agree on: $bad"
bad=$(q "SELECT o.id FROM occurrences o LEFT JOIN deposits d ON d.id = o.deposit_id
         WHERE o.deposit_id IS NOT NULL AND o.deposit_id <> ''
           AND (d.id IS NULL OR ST_Distance(o.geom, d.geom, 1) > d.uncertainty_km * 1000)")
[ -z "$bad" ] || fail "occurrences linked to a deposit that is not there: $bad"
# USGS's Azovske point falls in Crimea: Ukraine's by the recognised boundaries, as the record names it.
[ "$(q "SELECT country_iso3 || ' ' || named_iso3 || ' ' || country_check FROM occurrences WHERE id = 'usgs-ree-278'")" = \
  "UKR UKR agrees" ] || fail "USGS S1#278 (in Crimea) is not UKR by both country name and location"
[ "$(q "SELECT count(DISTINCT deposit_id) FROM occurrences WHERE deposit_id <> ''")" -ge 45 ] ||
  fail "fewer than 45 curated deposits linked to their USGS records"

# Every reserve area contains or touches its deposit's point; every deposit_id exists.
bad=$(q "SELECT r.id FROM reserve_areas r LEFT JOIN deposits d ON d.id = r.deposit_id
         WHERE d.id IS NULL OR NOT ST_Intersects(r.geom, d.geom)")
[ -z "$bad" ] || fail "reserve areas not on their deposit: $bad"
bad=$(q "SELECT id FROM reserve_areas WHERE outline_method NOT IN ('surveyed','digitised','circle_from_area')")
[ -z "$bad" ] || fail "reserve areas without a known outline_method: $bad"

# Every record has a source and a coordinate precision; ids are unique (the schema enforces it).
for layer in deposits processing_sites reserve_areas country_stats; do
  bad=$(q "SELECT id FROM $layer WHERE source IS NULL OR trim(source) = ''")
  [ -z "$bad" ] || fail "$layer without a source: $bad"
done
for layer in deposits processing_sites; do
  bad=$(q "SELECT id FROM $layer WHERE coord_precision NOT IN
           ('site','deposit_centre','town_centre','approximate','from_description')")
  [ -z "$bad" ] || fail "$layer with an unknown coord_precision: $bad"
  bad=$(q "SELECT id FROM $layer WHERE coord_precision = 'from_description'
           AND (coord_description IS NULL OR uncertainty_km IS NULL)")
  [ -z "$bad" ] || fail "$layer derived from a description without saying how: $bad"
done

# Sizes the issue asks for, and the projects the article is about are on the map.
[ "$(q "SELECT count(*) FROM deposits")" -ge 45 ] || fail "fewer than 45 deposits"
[ "$(q "SELECT count(*) FROM processing_sites")" -ge 15 ] || fail "fewer than 15 processing sites"
for name in Zashikhinskoye Katuginskoye Tomtor Lovozero; do
  [ "$(q "SELECT count(*) FROM deposits WHERE name LIKE '%$name%' AND geom IS NOT NULL")" -ge 1 ] ||
    fail "$name is not on the map"
done

# Totals reproduce the sources: Russia 2,500 t and 3.8 Mt (USGS), China's 69 % of 2024 output.
[ "$(q "SELECT mine_production_2024_t_reo || ' ' || reserves_t_reo FROM country_stats
        WHERE country_iso3 = 'RUS' AND source LIKE 'USGS%'")" = "2500.0 3800000.0" ] ||
  fail "Russia's USGS figures are not 2,500 t / 3.8 Mt"
share=$(q "SELECT round(100.0 * c.mine_production_2024_t_reo / w.mine_production_2024_t_reo)
           FROM country_stats c, country_stats w WHERE c.country_iso3 = 'CHN' AND w.country_iso3 = 'WLD'")
[ "$share" = "69" ] || fail "China's 2024 share is $share %, not 69 %"
[ "$(q "SELECT reserves_t_reo FROM country_stats WHERE id = 'rus-rosnedra-2024'")" = "28700000" ] ||
  fail "Rosnedra's 28.7 Mt row is missing"
# USGS gives world reserves as "more than 90 Mt": a bound, flagged as one, not an estimate.
[ "$(q "SELECT reserves_t_reo || ' ' || reserves_lower_bound FROM country_stats WHERE id = 'wld-usgs-mcs2025'")" = \
  "90000000.0 1" ] || fail "world reserves not stored as the lower bound USGS gives"
[ "$(q "SELECT count(*) FROM country_stats WHERE reserves_lower_bound = 1")" = 1 ] ||
  fail "a row other than the world's flagged as a lower bound"

# QGIS styles are stored as the layers' defaults, one per layer.
[ "$(q "SELECT count(*) FROM layer_styles WHERE useAsDefault = 1 AND f_table_schema IS NULL")" -ge 4 ] ||
  fail "styles missing from layer_styles"
echo "atlas data checks passed"
