#!/usr/bin/env python3
"""Random points for tools/bench/nearest_bench.sh, as CSV (id,name,lon,lat).

    gen_nearest.py deposits N SEED > deposits.csv       # uniform on the sphere
    gen_nearest.py sites M SEED > sites_uniform.csv     # uniform on the sphere
    gen_nearest.py sites M SEED --box LON,LAT,SIZE > sites_clustered.csv
                                                        # uniform in lon/lat inside one box

Deterministic: the same arguments give the same bytes. Uniform on the sphere means longitude
uniform in [-180, 180) and latitude asin(u), u uniform in [-1, 1) (equal area). Ids are
zero-padded (D0000001, S00001) so their text order, which depomap uses to break ties, is their
numeric order. Coordinates have 7 decimals (1 cm); depomap and PostGIS read the same text.
"""
import math
import random
import sys


def main(argv):
    if len(argv) < 4 or argv[1] not in ("deposits", "sites"):
        sys.exit(__doc__)
    kind, n, seed = argv[1], int(argv[2]), int(argv[3])
    box = None
    if len(argv) >= 6 and argv[4] == "--box":
        box = [float(v) for v in argv[5].split(",")]
        if len(box) != 3:
            sys.exit("--box LON,LAT,SIZE")
    # Separate streams per kind, so the deposits do not depend on how many sites are drawn.
    rng = random.Random("%s:%d" % (kind, seed))
    prefix, width = ("D", 7) if kind == "deposits" else ("S", 5)
    width = max(width, len(str(n)))
    label = "deposit" if kind == "deposits" else "site"
    out = sys.stdout
    out.write("id,name,lon,lat\n")
    rad = 180.0 / math.pi
    chunk = []
    for i in range(1, n + 1):
        if box is None:
            lon = rng.uniform(-180.0, 180.0)
            lat = math.asin(rng.uniform(-1.0, 1.0)) * rad
        else:
            lon = box[0] + box[2] * rng.random()
            lat = min(90.0, box[1] + box[2] * rng.random())
        if lon >= 180.0:
            lon -= 360.0
        ident = "%s%0*d" % (prefix, width, i)
        chunk.append("%s,%s %d,%.7f,%.7f\n" % (ident, label, i, lon, lat))
        if len(chunk) == 65536:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))


if __name__ == "__main__":
    main(sys.argv)
