#!/usr/bin/env bash
# Every verb's --help runs (exit 0, usage on stdout, nothing on stderr), `depomap help VERB` says
# the same, and an option several verbs share reads the same in each of them: one meaning, one
# help text (tools/depomap/options.hpp). A verb that lost a shared option fails too.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

# The verbs, as `depomap --help` lists them.
expect_exit 0 "$DEPOMAP" --help
mapfile -t VERBS < <(sed -n '/^Subcommands:/,$p' "$OUT" | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
[[ ${#VERBS[@]} -ge 13 ]] && pass || fail "depomap --help lists ${#VERBS[@]} verbs: ${VERBS[*]}"

HELP="$WORK/help"
mkdir -p "$HELP"
for verb in "${VERBS[@]}"; do
    expect_exit 0 "$DEPOMAP" "$verb" --help || continue
    expect_stderr_empty
    expect_stdout_contains "Usage: depomap $verb"
    cp "$OUT" "$HELP/$verb"
    expect_exit 0 "$DEPOMAP" help "$verb" && { cmp -s "$OUT" "$HELP/$verb" && pass || fail "help $verb differs from $verb --help"; }
done

# option_text VERB NAME: the help text of option NAME (--db, or -o's --output) in VERB's help;
# empty when the verb has no such option. The text follows the names after two spaces or more,
# or is the next line when the names fill their column.
option_text() {
    awk -v name="$2" '
        next_line { sub(/^ +/, ""); print; exit }
        $0 ~ ("^  (-[A-Za-z],)?" name "([ =]|$)") {
            if (match($0, /^  [^ ]+( [^ ]+)*  +/)) { print substr($0, RLENGTH + 1); exit }
            next_line = 1
        }' "$HELP/$1"
}

# same_text NAME VERB...: every VERB has option NAME, all with one text.
same_text() {
    local name=$1 verb first="" first_verb="" text
    shift
    for verb in "$@"; do
        text=$(option_text "$verb" "$name")
        if [[ -z "$text" ]]; then
            fail "$verb --help has no $name"
            continue
        fi
        if [[ -z "$first_verb" ]]; then
            first=$text first_verb=$verb
        elif [[ "$text" != "$first" ]]; then
            fail "$name: '$verb' says '$text', '$first_verb' says '$first'"
            continue
        fi
        pass
    done
}

QUERY_VERBS=(nearest within region summary sql)
same_text --db init load info nearest within region summary sql export qgis-project render upgrade
same_text --overwrite init load convert export qgis-project render "${QUERY_VERBS[@]}"
same_text --output "${QUERY_VERBS[@]}"
same_text --wait init load upgrade
same_text --s-srs load convert
same_text --t-srs convert export render
for name in --x-field --y-field --wkt-field; do same_text "$name" load convert; done
same_text --precision export convert
same_text --where nearest within summary export
same_text --layer within region summary
same_text --format export convert
same_text --format within region
same_text --format summary sql
same_text --bearing nearest within
same_text --no-style export convert
same_text --labels qgis-project render
same_text --rejects load convert

# A name with another meaning in another verb has a text of its own that says which it is.
for pair in "--where convert nearest" "--layer load within" "--layer export within" "--format nearest export" \
    "--format within export" "--format sql export"; do
    read -r name one other <<<"$pair"
    [[ "$(option_text "$one" "$name")" != "$(option_text "$other" "$name")" ]] && pass ||
        fail "$name means different things in $one and $other but reads the same"
done
expect_eq "convert's --where is OGR's" 1 "$(option_text convert --where | grep -c OGR)"
finish
