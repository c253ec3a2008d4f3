#!/usr/bin/env bash
# Every verb's --help ends with two examples, and each of them runs (exit 0) where the atlas's
# store was made, as its heading says, with the USGS files of geodata/usgs-minmod beside it.
source "$(dirname "$0")/lib.bash"

cp "$SRC"/geodata/usgs-minmod/*.csv "$WORK/"
expect_exit 0 "$DEPOMAP" init -q --db atlas.sqlite --atlas

# The verbs as `depomap --help` lists them.
"$DEPOMAP" --help >"$WORK/help.txt" 2>&1
mapfile -t verbs < <(sed -n '/^Subcommands:/,$p' "$WORK/help.txt" | awk 'NR > 1 && /^  [a-z]/ {print $1}')
(( ${#verbs[@]} >= 11 )) && pass || fail "depomap --help lists ${#verbs[@]} verbs"

# examples_of VERB: the example command lines of VERB --help, continuation lines joined.
examples_of() {
    "$DEPOMAP" "$1" --help | sed -n '/^Examples/,$p' | tail -n +2 | sed -e :a -e '/\\$/N; s/\\\n//; ta' |
        sed -n 's/^ *depomap /depomap /p'
}
for verb in "${verbs[@]}"; do
    n=$(examples_of "$verb" | wc -l)
    expect_eq "examples in '$verb --help'" 2 "$n"
done

# Run them: the writers first, so that load and convert find the files they read.
order=(init info nearest within region summary sql export qgis-project convert load)
for verb in "${order[@]}" "${verbs[@]}"; do
    [[ " ${done_verbs[*]:-} " == *" $verb "* ]] && continue
    done_verbs+=("$verb")
    while IFS= read -r line; do
        expect_exit 0 bash -c "\"\$0\" ${line#depomap }" "$DEPOMAP"
        [[ "$RC" == 0 ]] || echo "    example of $verb: $line" >&2
    done < <(examples_of "$verb")
done
finish
