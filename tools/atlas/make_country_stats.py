#!/usr/bin/python3
"""geodata/country_stats.csv from geodata/reference/country_stats.csv (USGS MCS 2025) + Rosnedra's row."""
import csv, os, sys
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "geodata", "reference", "country_stats.csv")
URL = "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf"
# reserves_lower_bound = 1 where the source gives only a bound (USGS: world reserves "more than 90 Mt"): the
# number is the bound, not an estimate. Not in the store's schema v2: the loader keeps it in `extra`.
F = "id,country_iso3,country,mine_production_2023_t_reo,mine_production_2024_t_reo,reserves_t_reo,source,source_url,notes,reserves_lower_bound".split(",")


def lower_bound(note):
    return "1" if "more than" in note else "0"

rows = []
for r in csv.DictReader(open(SRC, encoding="utf-8")):
    rows.append({"id": f"{r['country_iso3'].lower()}-usgs-mcs2025", "country_iso3": r["country_iso3"],
                 "country": r["country"], "mine_production_2023_t_reo": r["mine_production_2023_t_reo"],
                 "mine_production_2024_t_reo": r["mine_production_2024_t_reo"], "reserves_t_reo": r["reserves_t_reo"],
                 "source": "USGS Mineral Commodity Summaries 2025, Rare Earths (public domain)", "source_url": URL,
                 "notes": r["note"] + ("; " if r["note"] else "") + "2024 production estimated; tonnes of REO",
                 "reserves_lower_bound": lower_bound(r["note"])})
rows.append({"id": "rus-rosnedra-2024", "country_iso3": "RUS", "country": "Russia",
             "mine_production_2023_t_reo": "", "mine_production_2024_t_reo": "", "reserves_t_reo": "28700000",
             "source": "Rosnedra (Federal Agency for Subsoil Use) 2024, as cited in the depomap reference notes; "
                       "Shoigu (TASS, 24 Oct 2025): over 28 Mt in 18 explored fields, less than 2% developed",
             "source_url": "",
             "notes": "'up to 28.7 Mt' of rare earths in 18 major deposits (Russian agency figure, classification not stated); not comparable "
                      "with the USGS reserve figure (3.8 Mt) and not a row to add to it",
             "reserves_lower_bound": "0"})
OUT = os.environ.get("GEODATA_OUT") or os.path.join(ROOT, "geodata")  # set by tools/atlas/build.sh
with open(os.path.join(OUT, "country_stats.csv"), "w", encoding="utf-8", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=F, lineterminator="\n"); w.writeheader(); w.writerows(rows)
print(len(rows), "rows", file=sys.stderr)
