#!/usr/bin/env python3
"""Regenerates the hostile-input fixtures checked by tests/cli/tables/load-hostile.ini.

Run from anywhere: python3 tests/data/bad/generate_hostile.py. The outputs are committed; this
script is the record of how they were made (the older fixtures come from tests/data/generate.py).
As there, every file that has features has a good feature 1 and the bad one at feature 2, so a
load that kept the good row would show. Inputs that are binary or large (a patched DBF, a
Shapefile without its .shx, the 10,000-vertex spike, a symlink loop) are made by the tests themselves.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    kwargs = {} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": ""}
    with open(os.path.join(HERE, name), mode, **kwargs) as f:
        f.write(data)


def feature(props, geometry):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def point(x, y):
    return {"type": "Point", "coordinates": [x, y]}


def polygon(*rings):
    return {"type": "Polygon", "coordinates": list(rings)}


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


GOOD = feature({"id": "good-1", "name": "Good"}, point(10, 20))
SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
GOOD_AREA = feature({"id": "good-1", "name": "Good"}, polygon(SQUARE))


def collection_text(second_text, first=GOOD):
    """A FeatureCollection whose second feature is given as raw JSON text (it may be invalid)."""
    return ('{"type":"FeatureCollection","features":[\n' + dumps(first) + ",\n" + second_text +
            "\n]}\n")


def bad_json(name, second, first=GOOD):
    write(name, collection_text(dumps(second), first))


def bad_text(name, second_text, first=GOOD):
    write(name, collection_text(second_text, first))


# --- JSON that is not JSON, or not GeoJSON ------------------------------------------------------
full = collection_text(dumps(feature({"id": "b2", "name": "Cut here"}, point(11, 21))))
write("truncated_in_string.geojson", full[: full.index("Cut here") + 3])
write("truncated_after_features.geojson", full.rstrip()[:-1])  # the closing brace is missing
write("truncated_in_coordinates.geojson", full[: full.index("[11,") + 4])
bad_text("single_quotes.geojson", "{'type':'Feature','properties':{'id':'b2'},'geometry':null}")
bad_text("unquoted_key.geojson", '{"type":"Feature",properties:{"id":"b2"},"geometry":null}')
bad_text("missing_colon.geojson",
         '{"type":"Feature","properties":{"id" "b2"},"geometry":{"type":"Point","coordinates":[1,2]}}')
bad_text("trailing_comma_in_feature.geojson",
         '{"type":"Feature","properties":{"id":"b2",},"geometry":{"type":"Point","coordinates":[1,2]}}')
bad_text("trailing_comma_in_features.geojson",
         dumps(feature({"id": "b2"}, point(11, 21))) + ",")
write("missing_comma_between_features.geojson",
      '{"type":"FeatureCollection","features":[\n' + dumps(GOOD) + "\n" +
      dumps(feature({"id": "b2"}, point(11, 21))) + "\n]}\n")
write("data_after_end.geojson", collection_text(dumps(feature({"id": "b2"}, point(11, 21)))) +
      '{"type":"FeatureCollection","features":[]}\n')
write("whitespace_only.geojson", " \n\t\r\n  \n")
write("bom_only.geojson", b"\xef\xbb\xbf")
write("top_level_array.geojson", "[" + dumps(GOOD) + "]\n")
write("features_object.geojson", '{"type":"FeatureCollection","features":{"0":' + dumps(GOOD) +
      "}}\n")
write("features_string.geojson", '{"type":"FeatureCollection","features":"none"}\n')
write("features_null.geojson", '{"type":"FeatureCollection","features":null}\n')
bad_text("feature_not_object.geojson", "42")
bad_json("feature_no_type.geojson", {"properties": {"id": "b2"}, "geometry": point(11, 21)})
bad_json("feature_wrong_type.geojson",
         {"type": "Point", "properties": {"id": "b2"}, "geometry": point(11, 21)})
bad_json("properties_array.geojson", {"type": "Feature", "properties": ["b2"], "geometry": point(11, 21)})
bad_json("geometry_no_type.geojson", feature({"id": "b2"}, {"coordinates": [11, 21]}))
bad_json("geometry_unknown_type.geojson", feature({"id": "b2"}, {"type": "Pointy", "coordinates": [11, 21]}))
bad_json("geometry_not_object.geojson", feature({"id": "b2"}, "POINT (11 21)"))
bad_json("point_strings.geojson", feature({"id": "b2"}, {"type": "Point", "coordinates": ["11", "21"]}))
bad_json("point_one_coordinate.geojson", feature({"id": "b2"}, {"type": "Point", "coordinates": [11]}))
bad_json("point_coordinates_object.geojson",
         feature({"id": "b2"}, {"type": "Point", "coordinates": {"x": 11, "y": 21}}))
# Nesting as deep as a parser's stack: simdjson stops at 1024 levels.
bad_text("deep_nesting.geojson", '{"type":"Feature","properties":{"id":"b2","deep":' + "[" * 5000 +
         "]" * 5000 + '},"geometry":{"type":"Point","coordinates":[11,21]}}')

# --- numbers that are not coordinates -----------------------------------------------------------
b2 = dumps(feature({"id": "b2"}, point(11, 21)))
bad_text("nan_point.geojson", b2.replace("[11,21]", "[NaN,21]"))
bad_text("infinity_point.geojson", b2.replace("[11,21]", "[11,Infinity]"))
bad_text("minus_infinity_point.geojson", b2.replace("[11,21]", "[-Infinity,21]"))
bad_text("lon_1e308.geojson", b2.replace("[11,21]", "[1e308,21]"))
bad_text("lat_minus_1e308.geojson", b2.replace("[11,21]", "[11,-1e308]"))
bad_text("lat_1e308_polygon.geojson", dumps(feature({"id": "b2"}, polygon(
    [[0, 0], [1, 0], [1, 1e308], [0, 0]]))), GOOD_AREA)
bad_json("lat91_polygon.geojson", feature({"id": "b2"}, polygon([[0, 0], [1, 0], [1, 91], [0, 0]])),
         GOOD_AREA)
bad_json("swapped_polygon.geojson",
         feature({"id": "b2"}, polygon([[60, 100], [61, 100], [61, 101], [60, 101], [60, 100]])),
         GOOD_AREA)

# --- polygons -----------------------------------------------------------------------------------
bad_json("unclosed_ring.geojson",
         feature({"id": "b2"}, polygon([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0.5]])), GOOD_AREA)
bad_json("ring_three_points.geojson", feature({"id": "b2"}, polygon([[0, 0], [1, 0], [0, 0]])),
         GOOD_AREA)
bad_json("ring_two_points.geojson", feature({"id": "b2"}, polygon([[0, 0], [1, 0]])), GOOD_AREA)
bad_json("hole_outside_shell.geojson", feature({"id": "b2"}, polygon(
    SQUARE, [[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]])), GOOD_AREA)
bad_json("figure_eight_ring.geojson", feature({"id": "b2"}, polygon(
    [[0, 0], [2, 0], [2, 2], [1, 2], [1, -1], [0, -1], [0, 0]])), GOOD_AREA)
bad_json("overlapping_multipolygon.geojson", feature({"id": "b2"}, {
    "type": "MultiPolygon", "coordinates": [[SQUARE], [[[0.5, 0.5], [1.5, 0.5], [1.5, 1.5],
                                                         [0.5, 1.5], [0.5, 0.5]]]]}), GOOD_AREA)
bad_json("empty_polygon.geojson", feature({"id": "b2"}, polygon()), GOOD_AREA)
bad_json("empty_multipolygon.geojson", feature({"id": "b2"}, {"type": "MultiPolygon",
                                                               "coordinates": []}), GOOD_AREA)
bad_json("geometry_collection.geojson", feature({"id": "b2"}, {
    "type": "GeometryCollection", "geometries": [point(11, 21)]}))
bad_json("linestring_in_area_layer.geojson", feature({"id": "b2"}, {
    "type": "LineString", "coordinates": [[0, 0], [1, 1]]}), GOOD_AREA)

# --- text encodings -----------------------------------------------------------------------------
write("invalid_utf8_value.geojson", collection_text(
    '{"type":"Feature","properties":{"id":"b2","name":"Bad \xff\xfe name"},'
    '"geometry":{"type":"Point","coordinates":[11,21]}}').encode("utf-8").replace(
        "\xff\xfe".encode("utf-8"), b"\xff\xfe"))
write("invalid_utf8_key.geojson", collection_text(
    '{"type":"Feature","properties":{"id":"b2","na\xc3me":"x"},'
    '"geometry":{"type":"Point","coordinates":[11,21]}}').encode("utf-8").replace(
        "\xc3".encode("utf-8"), b"\xc3"))
write("lone_surrogate.geojson", collection_text(
    '{"type":"Feature","properties":{"id":"b2","name":"\\ud800"},'
    '"geometry":{"type":"Point","coordinates":[11,21]}}'))
write("invalid_utf8_header.csv", b"id,na\xe9me,lon,lat\ngood-1,Good,10,20\nb2,Bad,11,21\n")
write("invalid_utf8_coordinate.csv",
      b'id,lon,lat\ngood-1,10,20\nb2,11,"21\xb0 03\' N"\n')
write("latin1.csv", "id,name,lon,lat\ngood-1,Good,10,20\nb2,Tr\u00e8s bien,11,21\n".encode("latin-1"))

# --- CSV ----------------------------------------------------------------------------------------
write("unbalanced_quote.csv", 'id,name,lon,lat\ngood-1,Good,10,20\nb2,"Bad name,11,21\n')
write("unbalanced_quote_middle.csv",
      'id,name,lon,lat\ngood-1,Good,10,20\nb2,"Bad" name",11,21\ngood-3,Fine,12,22\n')
write("extra_cells.csv", "id,name,lon,lat\ngood-1,Good,10,20\nb2,Bad,11,21,oops\n")
write("semicolon_bad_row.csv", "id;name;lon;lat\ngood-1;Good;10;20\nb2;Bad;11;91\n")
write("semicolon_header_comma_rows.csv", "id;name;lon;lat\ngood-1;Good;10;20\nb2,Bad,11,21\n")
write("pipe_separated.csv", "id|name|lon|lat\ngood-1|Good|10|20\nb2|Bad|11|21\n")
write("bom_crlf_bad_row.csv", "\ufeffid,name,lon,lat\r\ngood-1,Good,10,20\r\nb2,Bad,11,-91\r\n")
write("swapped.csv", "id,lon,lat\ngood-1,10,20\nb2,55,120\n")
write("lat91.csv", "id,lon,lat\ngood-1,10,20\nb2,11,91\n")
write("lon_1e308.csv", "id,lon,lat\ngood-1,10,20\nb2,1e308,21\n")
write("lat_1e400.csv", "id,lon,lat\ngood-1,10,20\nb2,11,1e400\n")
write("number_nan.csv", "id,lon,lat\ngood-1,10,20\nb2,11,nan\n")
write("number_inf.csv", "id,lon,lat\ngood-1,10,20\nb2,-inf,21\n")

# --- DMS, every way it goes wrong (lon,lat columns; the bad cell is feature 2's) ------------------
DMS_BAD = {
    "dms_minutes60.csv": ('116°02′30″E', '71°60′00″N'),
    "dms_seconds60.csv": ('116°02′30″E', '71°03′60″N'),
    "dms_seconds75.csv": ('116°02′75″E', '71°03′13″N'),
    "dms_lat_degrees91.csv": ('116°02′30″E', '91°00′00″N'),
    "dms_lon_degrees181.csv": ('181°00′00″E', '71°03′13″N'),
    "dms_two_hemispheres.csv": ('116°02′30″E', 'N71°03′13″N'),
    "dms_two_hemispheres_after.csv": ('116°02′30″E W', '71°03′13″N'),
    "dms_minus_and_south.csv": ('116°02′30″E', '-71°03′13″S'),
    "dms_plus_and_west.csv": ('+116°02′30″W', '71°03′13″N'),
    "dms_garbage_after.csv": ('116°02′30″E', '71°03′13″N approx.'),
    "dms_garbage_before.csv": ('116°02′30″E', 'approx. 71°03′13″N'),
    "dms_only_sign.csv": ('-', '71°03′13″N'),
    "dms_only_hemisphere.csv": ('116°02′30″E', 'N'),
    "dms_lat_letter_in_lon.csv": ('71°03′13″N', '116°02′30″E'),
    "dms_lon_letter_in_lat.csv": ('116°02′30″E', '71°03′13″E'),
    "dms_decimal_minutes_then_seconds.csv": ('116°02′30″E', '71°03.5′13″N'),
    "dms_four_parts.csv": ('116 02 30 10 E', '71 03 13 N'),
    "dms_colon_and_marks.csv": ('116:02′30″E', '71°03′13″N'),
    "dms_negative_minutes.csv": ('116 -02 30', '71 03 13'),
    "dms_minutes_first.csv": ('116°02′30″E', '03′ 71°N'),
    "dms_comma_and_point.csv": ('116,5.25', '71.05'),
    "dms_exponent.csv": ('116°02′3e1″E', '71°03′13″N'),
    "dms_cyrillic_wrong_word.csv": ('116°02′30″ в.ш.', '71°03′13″ с.ш.'),
}
for name, (lon, lat) in DMS_BAD.items():
    write(name, 'id,lon,lat\ngood-1,"116°02′30″E","71°03′13″N"\nb2,"%s","%s"\n'
          % (lon.replace('"', '""'), lat.replace('"', '""')))
write("dms_empty_quoted.csv", 'id,lon,lat\ngood-1,"116°02′30″E","71°03′13″N"\nb2,"116°02′30″E","   "\n')

# --- files that are something else ----------------------------------------------------------------
write("empty.csv", b"")
write("empty.shp", b"")
write("not_a_database.gpkg", "This is a text file, not a GeoPackage.\n" * 4)
write("png_named.geojson", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
      b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
      b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
write("broken.kml", '<?xml version="1.0" encoding="UTF-8"?>\n'
      '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>deposits</name>\n'
      '<Placemark><name>good-1</name><Point><coordinates>10,20</coordinates></Point></Placemark>\n'
      '<Placemark><name>b2</name><Point><coordinates>11,21</coordinates></Placemark>\n'
      '</Folder></Document></kml>\n')
write("truncated.kml", '<?xml version="1.0" encoding="UTF-8"?>\n'
      '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>deposits</name>\n'
      '<Placemark><name>good-1</name><Point><coordinates>10,20</coordinates></Point></Placemark>\n'
      '<Placemark><name>b2</name><Point><coordi')
