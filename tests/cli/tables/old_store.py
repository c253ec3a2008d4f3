#!/usr/bin/python3
"""old_store.py STORE OUT: writes OUT, a copy of the current STORE taken back to schema version 1
(the layer and columns of versions 2 and 3 dropped, the version set back). Tables' setups use it."""
import shutil
import sqlite3
import sys

shutil.copyfile(sys.argv[1], sys.argv[2])
c = sqlite3.connect(sys.argv[2])
c.execute("DROP TABLE occurrences")
c.execute("DROP TABLE idx_occurrences_geom")
for t in [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'geometry_columns%'")]:
    if "f_table_name" in [r[1] for r in c.execute(f"PRAGMA table_info({t})")]:
        c.execute(f"DELETE FROM {t} WHERE f_table_name = 'occurrences'")
for t, cols in (("deposits", ("coord_description", "uncertainty_km", "status_as_of", "resource_code", "name_alt", "disputed")),
                ("processing_sites", ("coord_description", "uncertainty_km", "status_as_of")),
                ("admin_regions", ("name_alt", "disputed", "de_facto_iso3")),
                ("country_stats", ("reserves_lower_bound",))):
    for col in cols:
        c.execute(f"ALTER TABLE {t} DROP COLUMN {col}")
c.execute("UPDATE depomap_meta SET value = '1' WHERE key = 'schema_version'")
c.commit()
c.close()
