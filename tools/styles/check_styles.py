#!/usr/bin/python3
"""Check depomap's QGIS styles in QGIS itself and render a preview of each.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tools/styles/check_styles.py STYLES_DIR [--out DIR]

For every style (deposits, processing_sites, reserve_areas, admin_regions, supply_links, occurrences) it writes
a small GeoPackage layer with the layer's fields and a few features of every category (with
osgeo.ogr), opens it through QGIS's ogr provider, applies STYLES_DIR/<layer>.qml with
loadNamedStyle(), and checks: the style loads, its <layerGeometryType> matches the layer, the
renderer is the expected type (never QGIS's singleSymbol fallback) with the expected categories,
rules or classes, every feature gets a symbol, aliases and labels are there.  It then renders the
layer (over the admin basemap) to DIR/<layer>.png (default /tmp/styles-check) and all layers to
DIR/all.png, and checks that something was drawn (and labelled, where the style labels).

One line per style, "ok ..." or "FAIL ..."; exit status 0 when all pass, 1 on any failure,
2 on bad usage.  The admin basemap uses Natural Earth from QGIS's world_map.gpkg when it is
installed (Debian's qgis-common), else a synthetic grid.
"""

import argparse
import gc
import math
import os
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from osgeo import gdal, ogr, osr  # noqa: E402
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsExpressionContextUtils,
    QgsLinePatternFillSymbolLayer,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsRenderContext,
    QgsSimpleMarkerSymbolLayerBase,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize, Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

ogr.UseExceptions()
gdal.UseExceptions()

WORLD_MAP = "/usr/share/qgis/resources/data/world_map.gpkg"
SEA = QColor("#dde8f0")

# name -> (OGR geometry type, QGIS geometry type, [(field, OGR type)])
S, R, I = ogr.OFTString, ogr.OFTReal, ogr.OFTInteger
LAYERS = {
    "deposits": (ogr.wkbPoint, QgsWkbTypes.PointGeometry, [
        ("id", S), ("name", S), ("name_local", S), ("country_iso3", S), ("region", S),
        ("kind", S), ("status", S), ("deposit_type", S), ("commodities", S), ("ore_mt", R),
        ("grade_treo_pct", R), ("contained_treo_t", R), ("resource_system", S),
        ("resource_category", S), ("as_of", S), ("operator", S), ("coord_precision", S),
        ("source", S), ("source_url", S), ("notes", S)]),
    "processing_sites": (ogr.wkbPoint, QgsWkbTypes.PointGeometry, [
        ("id", S), ("name", S), ("name_local", S), ("country_iso3", S), ("region", S),
        ("stage", S), ("status", S), ("operator", S), ("capacity_tpa", R),
        ("capacity_basis", S), ("products", S), ("coord_precision", S), ("source", S),
        ("source_url", S), ("notes", S)]),
    "reserve_areas": (ogr.wkbMultiPolygon, QgsWkbTypes.PolygonGeometry, [
        ("id", S), ("deposit_id", S), ("name", S), ("kind", S), ("outline_method", S),
        ("area_km2", R), ("ore_mt", R), ("grade_treo_pct", R), ("contained_treo_t", R),
        ("resource_system", S), ("resource_category", S), ("as_of", S), ("source", S),
        ("source_url", S), ("notes", S)]),
    "admin_regions": (ogr.wkbMultiPolygon, QgsWkbTypes.PolygonGeometry, [
        ("id", S), ("name", S), ("name_local", S), ("country_iso3", S), ("level", S),
        ("iso_code", S), ("source", S)]),
    "supply_links": (ogr.wkbMultiLineString, QgsWkbTypes.LineGeometry, [
        ("from_id", S), ("to_id", S), ("rank", I), ("distance_m", R), ("distance_km", R),
        ("from_name", S), ("to_name", S)]),
    "occurrences": (ogr.wkbPoint, QgsWkbTypes.PointGeometry, [
        ("id", S), ("name", S), ("name_alt", S), ("country_iso3", S), ("country", S), ("named_iso3", S),
        ("country_check", S), ("region", S), ("commodities", S), ("deposit_type", S), ("deposit_id", S),
        ("source_db", S), ("record_id", S), ("source", S), ("source_url", S), ("notes", S)]),
}

DEPOSIT_STATUS = ["producing", "development", "exploration", "past_producing", "undeveloped",
                  "unknown"]
SITE_STAGE = ["concentration", "cracking", "separation", "metal", "magnet", "other"]
OUTLINE_METHOD = ["surveyed", "digitised", "circle_from_area"]


# ------------------------------------------------------------------------------------------
# Test data (synthetic: names say what the feature tests, not real places)
# ------------------------------------------------------------------------------------------

def fmt_t(t):
    if t is None:
        return "no figure"
    return "{:g} Mt".format(t / 1e6) if t >= 1e6 else "{:g} kt".format(t / 1e3)


def deposit_rows():
    sizes = [40e6, 3e6, 250e3, None, 20e3]
    rows = []
    for i, status in enumerate(DEPOSIT_STATUS + ["mothballed", None]):
        for j, treo in enumerate(sizes[(i % 2):(i % 2) + 3]):
            lon = 62 + 11 * i + 3 * (j % 2)
            lat = 47 + 7.5 * j + (i % 3)
            rows.append(({
                "id": "dep-{}-{}".format(i, j),
                "name": "{} · {}".format(status or "NULL status", fmt_t(treo)),
                "name_local": "Тест {}".format(i), "country_iso3": "RUS", "kind": "deposit",
                "status": status, "contained_treo_t": treo,
                "ore_mt": None if treo is None else treo / 1e6 * 40, "source": "test fixture",
            }, "POINT ({} {})".format(lon, lat)))
    return rows


def site_rows():
    rows = []
    for i, stage in enumerate(SITE_STAGE + [None]):
        lon, lat = 64 + 11 * i, 49 + 3.2 * (i % 3) + 3.6
        rows.append(({"id": "site-{}".format(i), "name": "{} plant".format(stage or "NULL stage"),
                      "stage": stage, "status": "operating", "capacity_tpa": 1000.0 * (i + 1),
                      "source": "test fixture"}, "POINT ({} {})".format(lon, lat)))
    return rows


def occurrence_rows():
    """A grid of USGS-like records: every third one of a curated deposit, one with a NULL link."""
    rows = []
    for i in range(60):
        lon, lat = 40 + 1.7 * (i % 15), 45 + 2.1 * (i // 15)
        link = None if i == 1 else ("dep-{}".format(i) if i % 3 == 0 else "")
        rows.append(({"id": "occ-{}".format(i), "name": "record {}".format(i), "source_db": "ree",
                      "record_id": str(i), "deposit_id": link, "source": "test fixture"},
                     "POINT ({} {})".format(lon, lat)))
    return rows


def polygon_wkt(lon, lat, radius_km, sides, wobble=0.0):
    ring = []
    for k in range(sides + 1):
        a = 2 * math.pi * (k % sides) / sides
        r = radius_km * (1 + wobble * math.sin(3 * a) + 0.5 * wobble * math.cos(5 * a))
        ring.append("{:.6f} {:.6f}".format(
            lon + r / (111.32 * math.cos(math.radians(lat))) * math.cos(a),
            lat + r / 110.57 * math.sin(a)))
    return "MULTIPOLYGON ((({})))".format(", ".join(ring))


def reserve_rows():
    specs = [("surveyed", 34.6, 67.9, 14, 9, 0.25), ("surveyed", 33.4, 67.55, 8, 7, 0.3),
             ("digitised", 35.5, 67.45, 11, 11, 0.2), ("digitised", 32.5, 68.1, 7, 8, 0.2),
             ("circle_from_area", 33.9, 68.25, 12, 72, 0),
             ("circle_from_area", 35.8, 68.0, 6, 72, 0), (None, 32.9, 67.3, 9, 6, 0.15)]
    rows = []
    for i, (method, lon, lat, r, sides, wobble) in enumerate(specs):
        rows.append(({"id": "ra-{}".format(i), "deposit_id": "dep-{}".format(i),
                      "name": "{} area".format(method or "NULL method"), "kind": "outline",
                      "outline_method": method, "area_km2": math.pi * r * r,
                      "source": "test fixture"}, polygon_wkt(lon, lat, r, sides, wobble)))
    return rows


def admin_rows():
    """Countries and Russian/Chinese/Kazakh regions from Natural Earth, else a synthetic grid."""
    rows = []
    if os.path.exists(WORLD_MAP):
        ds = ogr.Open(WORLD_MAP)
        for f in ds.GetLayerByName("countries"):
            g = ogr.ForceToMultiPolygon(f.GetGeometryRef().Clone())
            rows.append(({"id": "c-" + str(f.GetFID()), "name": f.GetField("NAME"),
                          "country_iso3": f.GetField("ISO_A3"), "level": "country",
                          "iso_code": f.GetField("ISO_A3"), "source": "Natural Earth"},
                         g.ExportToWkt()))
        lyr = ds.GetLayerByName("states_provinces")
        lyr.SetAttributeFilter("adm0_a3 IN ('RUS', 'KAZ', 'CHN', 'MNG')")
        for f in lyr:
            g = ogr.ForceToMultiPolygon(f.GetGeometryRef().Clone())
            rows.append(({"id": "r-" + str(f.GetFID()), "name": f.GetField("name"),
                          "country_iso3": f.GetField("adm0_a3"), "level": "region",
                          "source": "Natural Earth"}, g.ExportToWkt()))
        if rows:
            return rows
    for i in range(6):  # synthetic: 6 "countries" of 2x2 "regions"
        x0, y0 = 20 + 25 * (i % 3), 40 + 18 * (i // 3)
        rows.append(({"id": "c{}".format(i), "name": "Country {}".format(i), "level": "country",
                      "source": "test"}, "MULTIPOLYGON ((({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1})))"
                     .format(x0, y0, x0 + 25, y0 + 18)))
        for k in range(4):
            x, y = x0 + 12.5 * (k % 2), y0 + 9 * (k // 2)
            rows.append(({"id": "r{}{}".format(i, k), "name": "Region {}{}".format(i, k),
                          "level": "region", "source": "test"},
                         "MULTIPOLYGON ((({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1})))"
                         .format(x, y, x + 12.5, y + 9)))
    return rows


def haversine_km(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl, dp = math.radians(lon2 - lon1), p2 - p1
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def great_circle(lon1, lat1, lon2, lat2, n=32):
    """Points along the great circle (spherical slerp; good enough for a fixture)."""
    def vec(lon, lat):
        lo, la = math.radians(lon), math.radians(lat)
        return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))
    a, b = vec(lon1, lat1), vec(lon2, lat2)
    omega = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(a, b)))))
    pts = []
    for k in range(n + 1):
        t = k / n
        if omega < 1e-12:
            v = a
        else:
            s1, s2 = math.sin((1 - t) * omega) / math.sin(omega), math.sin(t * omega) / math.sin(omega)
            v = tuple(s1 * x + s2 * y for x, y in zip(a, b))
        pts.append((math.degrees(math.atan2(v[1], v[0])),
                    math.degrees(math.atan2(v[2], math.hypot(v[0], v[1])))))
    return pts


def link_rows():
    deposits = [(r["id"], r["name"], *map(float, w[7:-1].split())) for r, w in deposit_rows()]
    sites = [(r["id"], r["name"], *map(float, w[7:-1].split())) for r, w in site_rows()]
    rows = []
    for did, dname, dlon, dlat in deposits[::2]:
        ranked = sorted(sites, key=lambda s: haversine_km(dlon, dlat, s[2], s[3]))
        for rank, (sid, sname, slon, slat) in enumerate(ranked[:2], start=1):
            km = haversine_km(dlon, dlat, slon, slat)
            line = ", ".join("{:.5f} {:.5f}".format(x, y)
                             for x, y in great_circle(dlon, dlat, slon, slat))
            rows.append(({"from_id": did, "to_id": sid, "rank": rank, "distance_m": km * 1000,
                          "distance_km": km, "from_name": dname, "to_name": sname},
                         "MULTILINESTRING (({}))".format(line)))
    # and a few long ones, so that every distance class is there
    for (did, dname, dlon, dlat), (slon, slat, sname) in zip(
            deposits[1::5], [(101.5, 2.9, "far plant A"), (-1.2, 46.2, "far plant B"),
                             (27.7, 59.4, "far plant C"), (45.0, 40.0, "far plant D")]):
        km = haversine_km(dlon, dlat, slon, slat)
        line = ", ".join("{:.5f} {:.5f}".format(x, y)
                         for x, y in great_circle(dlon, dlat, slon, slat, 96))
        rows.append(({"from_id": did, "to_id": sname, "rank": 1, "distance_m": km * 1000,
                      "distance_km": km, "from_name": dname, "to_name": sname},
                     "MULTILINESTRING (({}))".format(line)))
    return rows


ROWS = {"deposits": deposit_rows, "processing_sites": site_rows, "reserve_areas": reserve_rows,
        "admin_regions": admin_rows, "supply_links": link_rows, "occurrences": occurrence_rows}


def write_gpkg(path):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    for name, (gtype, _, fields) in LAYERS.items():
        lyr = ds.CreateLayer(name, srs, gtype)
        for field, ftype in fields:
            lyr.CreateField(ogr.FieldDefn(field, ftype))
        lyr.StartTransaction()
        for attrs, wkt in ROWS[name]():
            f = ogr.Feature(lyr.GetLayerDefn())
            for k, v in attrs.items():
                if v is not None:
                    f.SetField(k, v)
            f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            lyr.CreateFeature(f)
        lyr.CommitTransaction()
    ds = None


# ------------------------------------------------------------------------------------------
# Checks
# ------------------------------------------------------------------------------------------

class Failure(Exception):
    pass


def require(condition, message):
    if not condition:
        raise Failure(message)


def qml_geometry_type(path):
    node = ET.parse(path).getroot().find("layerGeometryType")
    return None if node is None else int(node.text)


def check_categories(renderer, expected, attr):
    require(renderer.classAttribute() == attr,
            "classified by {!r}, expected {!r}".format(renderer.classAttribute(), attr))
    values = {str(c.value()) for c in renderer.categories()}
    missing = set(expected) - values
    require(not missing, "no category for " + ", ".join(sorted(missing)))
    require("" in values, "no catch-all category for other values")
    return "{} categories".format(len(values))


def check_deposits(layer, renderer):
    info = check_categories(renderer, DEPOSIT_STATUS, "status")
    for cat in renderer.categories():
        dd = cat.symbol().dataDefinedSize()
        require(dd.isActive() and "contained_treo_t" in (dd.field() + dd.expressionString()),
                "category {!r}: size not data-defined by contained_treo_t".format(cat.value()))
    require(layer.attributeAlias(layer.fields().indexOf("contained_treo_t")) ==
            "Contained TREO (t)", "alias of contained_treo_t")
    return info + ", size by contained_treo_t"


def check_sites(layer, renderer):
    info = check_categories(renderer, SITE_STAGE, "stage")
    shapes = {}
    for cat in renderer.categories():
        sl = cat.symbol().symbolLayer(cat.symbol().symbolLayerCount() - 1)
        shapes[str(cat.value())] = sl.shape() if hasattr(sl, "shape") else None
    stage_shapes = [shapes[s] for s in SITE_STAGE]
    require(len(set(stage_shapes)) == len(SITE_STAGE), "stages share marker shapes")
    require(QgsSimpleMarkerSymbolLayerBase.Circle not in stage_shapes,
            "a stage uses the circle marker of deposits")
    return info + ", one shape per stage"


def check_reserve(layer, renderer):
    info = check_categories(renderer, OUTLINE_METHOD, "outline_method")
    for cat in renderer.categories():
        sym = cat.symbol()
        layers = [sym.symbolLayer(k) for k in range(sym.symbolLayerCount())]
        hatched = any(isinstance(sl, QgsLinePatternFillSymbolLayer) for sl in layers)
        dashed = any(sl.layerType() == "SimpleLine"
                     and (sl.penStyle() != Qt.SolidLine or sl.useCustomDashPattern())
                     for sl in layers)
        require(sym.color().alphaF() < 1.0 or layers[0].color().alphaF() < 1.0,
                "category {!r}: fill not transparent".format(cat.value()))
        if cat.value() == "circle_from_area":
            require(hatched and dashed, "circle_from_area not hatched and dashed")
        elif cat.value() in ("surveyed", "digitised"):
            require(not hatched and not dashed, "{} outline not solid".format(cat.value()))
    return info + ", circle_from_area hatched+dashed"


def check_admin(layer, renderer):
    rules = {r.filterExpression().replace(" ", ""): r for r in renderer.rootRule().children()}
    for level in ("country", "region"):
        require("\"level\"='{}'".format(level) in rules, "no rule for level=" + level)
    return "{} rules".format(len(rules))


def check_links(layer, renderer):
    require(renderer.classAttribute() == "distance_km", "not graduated by distance_km")
    ranges = renderer.ranges()
    require(len(ranges) >= 3, "fewer than 3 classes")
    require(ranges[0].lowerValue() <= 0 and ranges[-1].upperValue() >= 20000,
            "classes do not cover 0..20,000 km")
    return "{} classes".format(len(ranges))


def check_occurrences(layer, renderer):
    rules = renderer.rootRule().children()
    require(len(rules) == 2 and rules[-1].isElse(), "not two rules ending in ELSE")
    require("deposit_id" in rules[0].filterExpression(), "the first rule is not on deposit_id")
    sizes = [r.symbol().size() for r in rules]
    require(sizes[0] >= sizes[1] and max(sizes) <= 2.0,
            "records of curated deposits not the larger dots, or dots over 2 mm: {}".format(sizes))
    # the two rules split the fixture: linked records to the first, the rest (NULL, '') to ELSE
    context = QgsRenderContext()
    context.expressionContext().appendScopes(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    renderer.startRender(context, layer.fields())
    counts = [0, 0]
    for f in layer.getFeatures():
        context.expressionContext().setFeature(f)
        first = rules[0].isFilterOK(f, context)
        counts[0 if first else 1] += 1
    renderer.stopRender(context)
    require(counts == [20, 40], "linked/other split {} != [20, 40]".format(counts))
    return "{} rules".format(len(rules))


STYLES = {
    # name: (renderer type, check, labelled)
    "deposits": ("categorizedSymbol", check_deposits, True),
    "processing_sites": ("categorizedSymbol", check_sites, True),
    "reserve_areas": ("categorizedSymbol", check_reserve, True),
    "admin_regions": ("RuleRenderer", check_admin, None),
    "supply_links": ("graduatedSymbol", check_links, False),
    "occurrences": ("RuleRenderer", check_occurrences, False),
}


def open_layer(gpkg, name):
    layer = QgsVectorLayer("{}|layername={}".format(gpkg, name), name, "ogr")
    require(layer.isValid(), "test layer {} is not valid".format(name))
    return layer


def check_style(styles_dir, gpkg, name):
    path = os.path.join(styles_dir, name + ".qml")
    require(os.path.isfile(path), "missing " + path)
    root = ET.parse(path).getroot()
    require(root.tag == "qgis" and root.get("version", "").startswith("3.22")
            and root.get("styleCategories") == "AllStyleCategories",
            "root element is not <qgis version=\"3.22...\" styleCategories=\"AllStyleCategories\">")
    layer = open_layer(gpkg, name)
    expected_geom = LAYERS[name][1]
    require(qml_geometry_type(path) == int(expected_geom),
            "<layerGeometryType> {} does not match the layer ({})".format(
                qml_geometry_type(path), int(expected_geom)))
    message, ok = layer.loadNamedStyle(path)
    require(ok, "loadNamedStyle failed: " + message)
    renderer = layer.renderer()
    kind, check, labelled = STYLES[name]
    require(renderer is not None and renderer.type() == kind,
            "renderer is {}, expected {}".format(renderer and renderer.type(), kind))
    info = check(layer, renderer)

    for field, _ in LAYERS[name][2]:
        require(layer.attributeAlias(layer.fields().indexOf(field)),
                "field {} has no alias".format(field))
    if labelled:
        require(layer.labelsEnabled() and layer.labeling() is not None, "labels are off")
        settings = layer.labeling().settings()
        # The name, or (layers with local names) an expression of it and name_local that
        # the project variable @depomap_labels chooses between.
        require(settings.fieldName == "name" or (settings.isExpression and '"name"' in settings.fieldName),
                "labels are not the name")
    elif labelled is False:
        require(not layer.labelsEnabled(), "labels are on")

    # Every feature gets a symbol (no feature falls through the categories/rules).
    context = QgsRenderContext()
    context.expressionContext().appendScopes(
        QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    renderer.startRender(context, layer.fields())
    unsymbolised = []
    for f in layer.getFeatures():
        context.expressionContext().setFeature(f)
        if not renderer.willRenderFeature(f, context):
            unsymbolised.append(f.id())
    renderer.stopRender(context)
    require(not unsymbolised, "features without a symbol: {}".format(unsymbolised))
    return layer, info


def check_sidecar(styles_dir, gpkg, tmp, name):
    """The style also applies by itself as a sidecar: <name>.geojson beside <name>.qml."""
    geojson = os.path.join(tmp, name + ".geojson")
    gdal.VectorTranslate(geojson, gpkg, format="GeoJSON", layers=[name])
    shutil.copy(os.path.join(styles_dir, name + ".qml"), os.path.join(tmp, name + ".qml"))
    layer = QgsVectorLayer(geojson, name, "ogr")
    require(layer.isValid(), "GeoJSON copy not valid")
    expected = STYLES[name][0]
    require(layer.renderer().type() == expected,
            "as a sidecar beside {}.geojson the style does not apply ({})".format(
                name, layer.renderer().type()))


def render(layers, png, size=(1000, 700), extent=None, buffer_frac=0.08):
    """Render layers (top first) to png in a Lambert azimuthal equal-area CRS centred on extent
    (default: the first layer's); returns (fraction of non-background pixels, labels placed)."""
    extent = QgsRectangle(extent or layers[0].extent())
    centre = extent.center()
    crs = QgsCoordinateReferenceSystem.fromProj(
        "+proj=laea +lat_0={:.3f} +lon_0={:.3f} +datum=WGS84 +units=m +no_defs".format(
            centre.y(), centre.x()))
    transform = QgsCoordinateTransform(layers[0].crs(), crs, QgsProject.instance())
    box = transform.transformBoundingBox(extent)
    box.grow(max(box.width(), box.height()) * buffer_frac + 1000)
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(crs)
    settings.setOutputSize(QSize(*size))
    settings.setOutputDpi(110)
    settings.setExtent(box)
    settings.setBackgroundColor(SEA)
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    errors = [e.message for e in job.errors()]
    require(not errors, "render errors: " + "; ".join(errors))
    image = job.renderedImage()
    require(image.save(png, "PNG"), "cannot write " + png)
    labels = job.takeLabelingResults()
    placed = len([p for p in labels.allLabels() if p.layerID == layers[0].id()]) if labels else 0
    bg = SEA.rgb()
    drawn = sum(1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
                if image.pixel(x, y) != bg)
    return drawn / ((image.height() // 4 + 1) * (image.width() // 4 + 1)), placed


def check_all(args):
    """Check every style; print one line each; return the number of failures."""
    failures = 0
    with tempfile.TemporaryDirectory(prefix="styles-check-") as tmp:
        gpkg = os.path.join(tmp, "test.gpkg")
        write_gpkg(gpkg)
        loaded = {}
        basemap = None
        for name in ["admin_regions"] + [n for n in STYLES if n != "admin_regions"]:
            try:
                layer, info = check_style(args.styles_dir, gpkg, name)
                check_sidecar(args.styles_dir, gpkg, tmp, name)
                loaded[name] = layer
                if name == "admin_regions":
                    basemap = layer
                png = os.path.join(args.out, name + ".png")
                stack = [layer] if layer is basemap or basemap is None else [layer, basemap]
                if name == "admin_regions":
                    # the basemap alone, framed on the test regions (Russia, Central Asia)
                    drawn, placed = render(stack, png, extent=QgsRectangle(40, 35, 150, 75),
                                           buffer_frac=0.0)
                else:
                    drawn, placed = render(stack, png)
                require(drawn > 0.002, "nothing drawn in " + png)
                if STYLES[name][2]:
                    require(placed > 0, "no labels placed in " + png)
                print("ok   {:17} {:18} {}; sidecar ok; {} labels; {}".format(
                    name, layer.renderer().type(), info, placed, png))
            except Failure as e:
                failures += 1
                print("FAIL {:17} {}".format(name, e))
            except Exception as e:  # a bug in QGIS or here: still one line, still a failure
                failures += 1
                print("FAIL {:17} {}: {}".format(name, type(e).__name__, e))
        if len(loaded) == len(STYLES):
            # top first, as a project should stack them
            order = ["processing_sites", "supply_links", "deposits", "occurrences", "reserve_areas"]
            png = os.path.join(args.out, "all.png")
            extent = QgsRectangle(loaded["deposits"].extent())
            extent.combineExtentWith(loaded["processing_sites"].extent())
            render([loaded[n] for n in order] + [basemap], png, (1200, 850), extent)
            print("ok   {:17} {:18} all layers; {}".format("all", "", png))
    return failures


_KEEP_ALIVE = []


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("styles_dir", help="folder with <layer>.qml files")
    parser.add_argument("--out", default="/tmp/styles-check", help="folder for the PNG previews")
    args = parser.parse_args(argv[1:])
    if not os.path.isdir(args.styles_dir):
        print("check_styles: no such folder: " + args.styles_dir, file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)

    app = QgsApplication([], False)
    _KEEP_ALIVE.append(app)  # destroying QgsApplication from Python crashes; os._exit ends us
    app.initQgis()
    try:
        # Every QGIS object lives inside check_all(): they must all be gone before exitQgis().
        failures = check_all(args)
        gc.collect()
    finally:
        app.exitQgis()
    return 1 if failures else 0


if __name__ == "__main__":
    status = main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's teardown: destroying the QgsApplication (or the GDAL bindings it
    # shares) after exitQgis() can crash, which would turn a pass into a failure.
    os._exit(status)
