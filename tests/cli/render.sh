#!/usr/bin/env bash
# depomap render: PNG, SVG and PDF of the shipped atlas; the PDF's text (title, legend, Cyrillic
# labels) read back with pdftotext; a FIFO as -o. The errors are rows of tests/cli/tables/render.ini.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

DB="$WORK/a.sqlite"
run "$DEPOMAP" init -q --db "$DB" --atlas

expect_exit 0 "$DEPOMAP" render --db "$DB" -o "$WORK/world.png" && {
    expect_stderr_contains "wrote $WORK/world.png (4 layers"
    expect_eq "PNG signature" "89504e47" "$(head -c 4 "$WORK/world.png" | od -An -tx1 | tr -d ' \n')"
    expect_eq "PNG size" "1600 x 1100" "$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(*struct.unpack(">II", d[16:24]), sep=" x ")' "$WORK/world.png")"
}

expect_exit 0 "$DEPOMAP" render -q --db "$DB" -o "$WORK/russia.pdf" --view russia --labels both \
    --title "Rare earths: Russia" --size 1400x1000 && {
    expect_stderr_empty
    pdftotext "$WORK/russia.pdf" "$WORK/russia.txt"
    for text in "Rare earths: Russia" "Rare-earth deposits by status" "Producing" "Processing plants by stage" \
        "Contained TREO" "Scale" "Natural Earth" "USGS" "Lovozero" "Ловозёрское" "Томторское"; do
        expect_file_contains "$WORK/russia.txt" "$text"
    done
}

# --links: each deposit's line to its nearest plant, with its legend.
expect_exit 0 "$DEPOMAP" render -q --db "$DB" -o "$WORK/links.pdf" --links && {
    pdftotext "$WORK/links.pdf" "$WORK/links.txt"
    expect_file_contains "$WORK/links.txt" "Distance to the nearest plant"
    expect_file_contains "$WORK/links.txt" "3000 km or more"
}

# --labels local: the Cyrillic name instead of the English one.
expect_exit 0 "$DEPOMAP" render -q --db "$DB" -o "$WORK/local.pdf" --view russia --labels local && {
    pdftotext "$WORK/local.pdf" "$WORK/local.txt"
    expect_file_contains "$WORK/local.txt" "Томторское"
    if grep -qF "Tomtor" "$WORK/local.txt"; then fail "--labels local still shows the English name"; else pass; fi
}

expect_exit 0 "$DEPOMAP" render -q --db "$DB" -o "$WORK/m.svg" --bbox 160,50,-160,75 --layer deposits \
    --layer admin_regions && {
    expect_file_contains "$WORK/m.svg" "<svg"
}

# Usage and run-time errors (nothing written, an existing picture or the store kept): rows of
# tests/cli/tables/render.ini. Replacing a picture leaves nothing staged beside it.
echo mine >"$WORK/keep.png"
expect_exit 0 "$DEPOMAP" render -q --db "$DB" -o "$WORK/keep.png" --overwrite
[[ -z "$(ls -A "$WORK" | grep -E '\.part$|^\.depomap-')" ]] && pass || fail "a staged file was left"

# A FIFO gets the picture as a stream and stays a FIFO.
mkfifo "$WORK/pipe.png"
cat "$WORK/pipe.png" >"$WORK/from-pipe.png" &
reader=$!
expect_exit 0 "$DEPOMAP" render -q --db "$DB" -o "$WORK/pipe.png"
wait "$reader"
[[ -p "$WORK/pipe.png" ]] && pass || fail "the FIFO was replaced"
expect_eq "PNG through the FIFO" "89504e47" "$(head -c 4 "$WORK/from-pipe.png" | od -An -tx1 | tr -d ' \n')"
[[ -z "$(ls -A "$WORK" | grep '^\.depomap-')" ]] && pass || fail "staging was left"

# A region of the store by any of its names, drawn whole (Chukotka across 180°).
expect_exit 0 "$DEPOMAP" render -q --db "$DB" -o "$WORK/sakha.pdf" --view "Республика Саха (Якутия)" && {
    pdftotext "$WORK/sakha.pdf" "$WORK/sakha.txt"
    expect_file_contains "$WORK/sakha.txt" "Sakha (Yakutia)"
    expect_file_contains "$WORK/sakha.txt" "Tomtor"
}
expect_exit 0 "$DEPOMAP" render -q --db "$DB" -o "$WORK/chukotka.png" --view RU-CHU
# More deposits than the map has room for labels: the most important ones are still labelled.
python3 - "$WORK/many.geojson" <<'PY'
import json, random, sys
random.seed(7)
features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [random.uniform(-170, 170), random.uniform(-60, 10)]},
             "properties": {"id": f"g{i}", "name": f"Deposit {i}", "status": "exploration", "contained_treo_t": random.uniform(0, 1000)}}
            for i in range(12000)]
features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [100, 62]},
                 "properties": {"id": "big", "name": "Greatest Producer", "status": "producing", "contained_treo_t": 5e6}})
json.dump({"type": "FeatureCollection", "features": features}, open(sys.argv[1], "w"))
PY
run "$DEPOMAP" init -q --db "$WORK/many.sqlite"
run "$DEPOMAP" load -q --db "$WORK/many.sqlite" "$WORK/many.geojson" --layer deposits
expect_exit 0 "$DEPOMAP" render -q --db "$WORK/many.sqlite" -o "$WORK/many.pdf" && {
    pdftotext "$WORK/many.pdf" "$WORK/many.txt"
    expect_file_contains "$WORK/many.txt" "Greatest Producer"
    expect_file_contains "$WORK/many.txt" "Deposit "
}

finish
