#!/usr/bin/env bash
# depomap render: PNG, SVG and PDF of the shipped atlas; the PDF's text (title, legend, Cyrillic
# labels) read back with pdftotext; the verb runs from the GDAL module; usage and runtime errors.
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

# Usage errors: exit 2, nothing written.
expect_exit 2 "$DEPOMAP" render --db "$DB" -o "$WORK/m.gif"
expect_stderr_contains ".png, .svg or .pdf"
expect_exit 2 "$DEPOMAP" render --db "$DB" -o "$WORK/x.png" --size 100
expect_stderr_contains "--size"
expect_exit 2 "$DEPOMAP" render --db "$DB" -o "$WORK/x.png" --view mars
expect_stderr_contains "--view"
expect_exit 2 "$DEPOMAP" render --db "$DB" -o "$WORK/x.png" --bbox 1,2,3
expect_stderr_contains "--bbox"
expect_exit 2 "$DEPOMAP" render --db "$DB" -o "$WORK/x.png" --layer country_stats
expect_stderr_contains "not a map layer"
expect_exit 2 "$DEPOMAP" render --db "$DB" -o "$WORK/x.png" --labels ru
expect_exit 2 "$DEPOMAP" render --db "$DB" -o "$WORK/x.png" --t-srs "+proj=nonsense"
expect_stderr_contains "--t-srs"
# Runtime errors: exit 1, nothing written, an existing picture kept.
expect_exit 1 "$DEPOMAP" render --db "$WORK/missing.sqlite" -o "$WORK/x.png"
expect_stderr_contains "missing.sqlite"
expect_exit 1 "$DEPOMAP" render --db "$DB" -o "$WORK/no/such/dir/x.png"
expect_stderr_contains "x.png"
[[ ! -e "$WORK/x.png" && ! -e "$WORK/no" ]] && pass || fail "a failed render left a file"
echo mine >"$WORK/keep.png"
expect_exit 1 "$DEPOMAP" render --db "$DB" -o "$WORK/keep.png"
expect_stderr_contains "exists; use --overwrite"
expect_eq "kept" "mine" "$(cat "$WORK/keep.png")"
expect_exit 0 "$DEPOMAP" render -q --db "$DB" -o "$WORK/keep.png" --overwrite
[[ -z "$(ls "$WORK" | grep '\.part$')" ]] && pass || fail "a .part file was left"

finish
