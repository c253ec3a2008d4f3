#!/usr/bin/env python3
"""Regenerates the fixtures in tests/data/ (text ones here, binary ones with ogr2ogr).

Run from anywhere: python3 tests/data/generate.py. The outputs are committed; this script is
the record of how they were made. Every bad fixture has a good feature 1 and the bad one at
feature 2, so the all-or-nothing rule is exercised (one good row must not survive).
"""
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, "bad")
os.makedirs(BAD, exist_ok=True)


def write(path, data, mode="w"):
    with open(path, mode + ("b" if isinstance(data, bytes) else ""), **({} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(data)


def feature(props, geometry):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def point(x, y):
    return {"type": "Point", "coordinates": [x, y]}


def collection(features, extra=None):
    doc = {"type": "FeatureCollection"}
    if extra:
        doc.update(extra)
    doc["features"] = features
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# --- good sources: three deposits, the same in every format ------------------------------------
# moscow is the axis-order probe: 37.6173 E, 55.7558 N.
GOOD = [
    ({"id": "moscow", "name": "Moscow probe", "name_local": "Москва", "ore_mt": 1.5,
      "licence": "MSK-001", "depth_m": 120}, (37.6173, 55.7558)),
    ({"id": "tomtor", "name": "Tomtor", "name_local": "Томтор", "ore_mt": 154.0,
      "licence": "YAK-77", "depth_m": 40}, (116.0, 71.05)),
    ({"id": "kvanefjeld", "name": "Kvanefjeld", "name_local": "Kuannersuit", "ore_mt": 1010.0,
      "licence": "GL-2010", "depth_m": 0}, (-45.97, 60.97)),
]
write(os.path.join(HERE, "deposits.geojson"),
      collection([feature(p, point(*xy)) for p, xy in GOOD]))

# Field names that are not schema columns: loaded with --map id=ms_uri --map name=site_name.
write(os.path.join(HERE, "mapped.geojson"), collection([
    feature({"ms_uri": "https://example.org/site/1", "site_name": "Site one", "state": "Murmansk"},
            point(34.8, 67.9)),
    feature({"ms_uri": "https://example.org/site/2", "site_name": "Site two", "state": "Irkutsk"},
            point(104.3, 52.3)),
]))

# A MULTIPOINT of one point must become a POINT.
write(os.path.join(HERE, "multipoint_single.geojson"), collection([
    feature({"id": "lovozero", "name": "Lovozero"},
            {"type": "MultiPoint", "coordinates": [[34.8, 67.9]]}),
]))

# Reserve areas: one Polygon (becomes MULTIPOLYGON) and one MultiPolygon.
write(os.path.join(HERE, "reserve_areas.geojson"), collection([
    feature({"id": "area-poly", "name": "square", "kind": "licence"},
            {"type": "Polygon", "coordinates": [[[30, 60], [31, 60], [31, 61], [30, 61], [30, 60]]]}),
    feature({"id": "area-multi", "name": "two squares", "kind": "outline"},
            {"type": "MultiPolygon", "coordinates": [
                [[[40, 60], [41, 60], [41, 61], [40, 61], [40, 60]]],
                [[[42, 60], [43, 60], [43, 61], [42, 61], [42, 60]]]]}),
]))

CSV_ROWS = [("moscow", "Moscow probe", "37.6173", "55.7558", "1.5"),
            ("tomtor", "Tomtor", "116.0", "71.05", "154"),
            ("kvanefjeld", "Kvanefjeld", "-45.97", "60.97", "1010")]
write(os.path.join(HERE, "deposits_xy.csv"),
      "id,name,lon,lat,ore_mt\n" + "".join(",".join(r) + "\n" for r in CSV_ROWS))
write(os.path.join(HERE, "deposits_semicolon.csv"),
      "id;name;lon;lat;ore_mt\n" + "".join(";".join(r) + "\n" for r in CSV_ROWS))
write(os.path.join(HERE, "deposits_bom_crlf.csv"),
      "\ufeffid,name,lon,lat,ore_mt\r\n" + "".join(",".join(r) + "\r\n" for r in CSV_ROWS))
write(os.path.join(HERE, "deposits_wkt.csv"),
      "id,name,wkt,ore_mt\n"
      '"moscow","Moscow probe","POINT (37.6173 55.7558)",1.5\n'
      '"tomtor","Tomtor","POINT(116.0 71.05)",154\n'
      '"lovozero","Lovozero","MULTIPOINT ((34.8 67.9))",\n')

# DMS in every form the issue names; expect_lon/expect_lat (decimal) go to `extra`, so the test
# compares the parsed geometry with them row by row.
def q(text):
    return '"' + text.replace('"', '""') + '"'


d71 = 71 + 3 / 60 + 13 / 3600
DMS = [
    ("typographic", "116°02′30″E", "71°03′13″N", 116 + 2 / 60 + 30 / 3600, d71),
    ("spaces", "116 02 30 E", "71 03 13 N", 116 + 2 / 60 + 30 / 3600, d71),
    ("decimal-minutes", "116°02.5'E", "71°03.22'N", 116 + 2.5 / 60, 71 + 3.22 / 60),
    ("hemisphere-first", "E116.0417", "N71.0536", 116.0417, 71.0536),
    ("signed-decimal", "-115.53", "-33.25", -115.53, -33.25),
    ("ascii-marks-south-west", "45°58'12\"W", "60°58'12\"S", -(45 + 58 / 60 + 12 / 3600),
     -(60 + 58 / 60 + 12 / 3600)),
    ("colons", "104:17:00", "52:17:24", 104 + 17 / 60, 52 + 17 / 60 + 24 / 3600),
    ("russian", "104°17′ в.д.", "52°17′24″ с.ш.", 104 + 17 / 60, 52 + 17 / 60 + 24 / 3600),
]
write(os.path.join(HERE, "deposits_dms.csv"),
      "id,lon,lat,expect_lon,expect_lat\n" +
      "".join(f'{i},{q(x)},{q(y)},{ex:.12f},{ey:.12f}\n' for i, x, y, ex, ey in DMS))

# Another CRS. Reference values (from PROJ 9 / GDAL 3.6 on Debian 12):
#   echo "5800000 18450000" | cs2cs -d 10 EPSG:28418 EPSG:4326   -> 52.3268663749 104.2669015636
#   echo "4187538.68 7509955.14" | cs2cs -d 10 EPSG:3857 EPSG:4326 -> 55.7557999882 37.6172999909
write(os.path.join(HERE, "deposits_28418.csv"), "id,name,x,y\nirkutsk-gk,Irkutsk GK,18450000,5800000\n")
write(os.path.join(HERE, "deposits_3857.geojson"), collection(
    [feature({"id": "moscow-3857", "name": "Moscow in 3857"}, point(4187538.68, 7509955.14))],
    {"name": "deposits_3857", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}}))

# Odd shapes of real sources (tests/cli/tables/load-real.ini).
# A licence area in Chukotka across 180° with a notch (naively transformed to EPSG:4326 it
# intersects itself), in UTM zone 60N and in Pulkovo 1942 / Gauss-Kruger zone 30; its area on the
# ellipsoid, from these lon/lat vertices (longitudes past 180 unwrapped), is 1,108.07 km².
CHUKOTKA = [(179.5, 66.0), (180.5, 66.0), (180.5, 66.1), (179.7, 66.2), (180.5, 66.3), (179.5, 66.3), (179.5, 66.0)]


def projected(epsg, lonlat):
    from osgeo import osr  # only for these two fixtures (Debian: /usr/bin/python3)
    wgs84, target = osr.SpatialReference(), osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    target.ImportFromEPSG(epsg)
    for srs in (wgs84, target):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(wgs84, target)
    return [tuple(round(v, 2) for v in ct.TransformPoint(lon if lon <= 180 else lon - 360, lat)[:2]) for lon, lat in lonlat]


write(os.path.join(HERE, "antimeridian_utm60.geojson"), collection(
    [feature({"id": "chukotka-utm60", "name": "Licence across 180 (UTM 60N)"},
             {"type": "Polygon", "coordinates": [[list(p) for p in projected(32660, CHUKOTKA)]]})],
    {"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32660"}}}))
write(os.path.join(HERE, "antimeridian_gk30.csv"),
      'id,name,wkt\nchukotka-gk30,Licence across 180 (Pulkovo GK zone 30),"POLYGON((' +
      ",".join("%.2f %.2f" % p for p in projected(28430, CHUKOTKA)) + '))"\n')
# DMS with the ASCII seconds mark '"' in unquoted values, two a line.
write(os.path.join(HERE, "deposits_dms_ascii_seconds.csv"),
      "id,name,lon,lat\nural-1,Two marks,116°42'04.4\"E,50°46'06.6\"N\n"
      "ural-2,\"Quoted name, too\",30°15'00\"E,59°56'30.5\"N\n")
# Ids between 2^63 and 2^64; property names that differ only in case.
write(os.path.join(HERE, "ids_uint64_case.geojson"), """{"type":"FeatureCollection","features":[
{"type":"Feature","id":18446744073709551615,"properties":{"Name":"upper first","name":"exact","NAME":"caps","serial":9223372036854775808},"geometry":{"type":"Point","coordinates":[10,20]}},
{"type":"Feature","id":9223372036854775809,"properties":{"NAME":"only caps"},"geometry":{"type":"Point","coordinates":[11,21]}}
]}
""")

# --- country names: spellings of Russia, an unknown name, an empty code (Tomtor, in Yakutia), a code
# the location contradicts, a point at sea; a licence area at Tomtor; a CSV with a `country` field.
COUNTRIES = [("n1", "Russia", 60), ("n2", "Россия", 61), ("n3", "RUSSIAN FEDERATION", 62), ("n4", "россия", 63),
             ("n5", "rus", 64), ("n6", "Atlantis", 65), ("n7", "Atlantis", 66)]
write(os.path.join(HERE, "country_names.geojson"), collection(
    [feature({"id": i, "country_iso3": c}, point(100, y)) for i, c, y in COUNTRIES]
    + [feature({"id": "e1", "country_iso3": ""}, point(116, 71.05)),
       feature({"id": "c1", "country_iso3": "CHN"}, point(100, 67)),
       feature({"id": "s1", "country_iso3": None}, point(-30, 0))]))
write(os.path.join(HERE, "tomtor_licence.geojson"), collection([feature(
    {"id": "a1", "name": "Tomtor licence", "level": "region"},
    {"type": "Polygon", "coordinates": [[[116, 71], [116.2, 71], [116.2, 71.1], [116, 71.1], [116, 71]]]})]))
write(os.path.join(HERE, "deposits_country.csv"),
      "id,name,country,lon,lat\nu1,Lovozero,Russia,34.8,67.9\nu2,Kvanefjeld,Greenland,-45.97,60.97\nu3,Nowhere,Narnia,10,50\n")


# --- bad sources -------------------------------------------------------------------------------
ok = feature({"id": "good-1", "name": "Good"}, point(10, 20))


def bad(name, second, layer_ok=ok):
    write(os.path.join(BAD, name), collection([layer_ok, second]))


# GDAL reads {"type": "Point", "coordinates": []} as no geometry at all; an empty MultiPoint
# stays an empty geometry.
bad("empty_geometry.geojson", feature({"id": "b2"}, {"type": "MultiPoint", "coordinates": []}))
bad("empty_point.geojson", feature({"id": "b2"}, {"type": "Point", "coordinates": []}))
bad("missing_geometry.geojson", feature({"id": "b2"}, None))
bad("lat91.geojson", feature({"id": "b2"}, point(10, 91)))
bad("lon181.geojson", feature({"id": "b2"}, point(181, 10)))
bad("swapped.geojson", feature({"id": "b2"}, point(55, 120)))  # lat 120, lon 55
bad("linestring.geojson", feature({"id": "b2"}, {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}))
bad("multipoint2.geojson", feature({"id": "b2"}, {"type": "MultiPoint", "coordinates": [[0, 0], [1, 1]]}))
bad("polygon_in_point_layer.geojson", feature({"id": "b2"}, {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}))
bad("duplicate_ids.geojson", feature({"id": "good-1", "name": "Again"}, point(11, 21)))
bad("empty_id.geojson", feature({"id": "  ", "name": "No id"}, point(11, 21)))
bad("ore_not_number.geojson", feature({"id": "b2", "ore_mt": "12,5 Mt"}, point(11, 21)))
square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
ok_area = feature({"id": "good-1", "name": "Good"}, square)
bad("bowtie.geojson", feature({"id": "b2"}, {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}), ok_area)
# GDAL turns a NaN Point into POINT EMPTY, but passes NaN through inside a polygon ring.
text = collection([ok_area, feature({"id": "b2"}, {"type": "Polygon", "coordinates": [[[0, 0], [9e9, 0], [1, 1], [0, 0]]]})])
write(os.path.join(BAD, "nan_polygon.geojson"), text.replace("9000000000.0", "NaN"))
text = collection([ok, feature({"id": "b2"}, point(9e9, 0))])
write(os.path.join(BAD, "inf_point.geojson"), text.replace("9000000000.0", "1e400"))

write(os.path.join(BAD, "dms_minutes63.csv"),
      'id,lon,lat\ngood-1,"116°02′30″E","71°03′13″N"\nb2,"116°02′30″E","71°63′13″N"\n')
write(os.path.join(BAD, "empty_xy.csv"), "id,lon,lat\ngood-1,10,20\nb2,10,\n")
write(os.path.join(BAD, "empty_wkt.csv"), 'id,wkt\ngood-1,"POINT (10 20)"\nb2,""\n')
write(os.path.join(BAD, "empty_wkt_geometry.csv"), 'id,wkt\ngood-1,"POINT (10 20)"\nb2,"POINT EMPTY"\n')
write(os.path.join(BAD, "bad_wkt.csv"), 'id,wkt\ngood-1,"POINT (10 20)"\nb2,"POINT (10 20"\n')
write(os.path.join(BAD, "invalid_utf8.csv"), b"id,name,lon,lat\ngood-1,Good,10,20\nb2,Bad \xff\xfe name,11,21\n")
write(os.path.join(BAD, "empty.geojson"), b"")
write(os.path.join(BAD, "garbage.geojson"), bytes(range(256)) * 4)
full = collection([ok, feature({"id": "b2"}, point(11, 21))])
write(os.path.join(BAD, "truncated.geojson"), full[: len(full) * 2 // 3])


# --- binary formats, made with ogr2ogr from the GeoJSON above -----------------------------------
def ogr(*args):
    subprocess.run(["ogr2ogr", *args], check=True)


src = os.path.join(HERE, "deposits.geojson")
for base in ("deposits_shp", "deposits_3857_shp"):
    for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        path = os.path.join(HERE, base + ext)
        if os.path.exists(path):
            os.remove(path)
for path in ("deposits.gpkg", "deposits.fgb", "deposits.kml"):
    if os.path.exists(os.path.join(HERE, path)):
        os.remove(os.path.join(HERE, path))
ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", os.path.join(HERE, "deposits_shp.shp"), src, "-nln", "deposits_shp")
ogr("-f", "GPKG", os.path.join(HERE, "deposits.gpkg"), src, "-nln", "deposits")
ogr("-f", "FlatGeobuf", os.path.join(HERE, "deposits.fgb"), src, "-nln", "deposits")
ogr("-f", "KML", os.path.join(HERE, "deposits.kml"), src, "-nln", "deposits")
# A Shapefile in EPSG:3857: its .prj drives the transform.
ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:3857",
    os.path.join(HERE, "deposits_3857_shp.shp"), src, "-nln", "deposits_3857_shp")
