#!/usr/bin/python3
"""Generate depomap's QGIS styles (styles/*.qml) with PyQGIS.

The .qml files in styles/ are the hand-made result that depomap ships and exports; this script
is how they were made, so that a change of colour is a change of code and the files can be
regenerated exactly.  Run it with Debian's Python and python3-qgis, headless:

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tools/styles/make_styles.py [STYLES_DIR]

STYLES_DIR defaults to styles/ at the top of the repository.  tools/styles/check_styles.py
checks the result in QGIS and renders a preview of every style.

Colours: points use the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies); processing sites a viridis-like sequence along the processing chain, with one
marker shape per stage so that the shape alone tells the stage.
"""

import json
import os
import re
import sys

# A fixed hash seed makes Qt write XML attributes in the same order every run, so that
# regenerating an unchanged style gives an unchanged file.  Must be set before Qt loads.
os.environ["QT_HASH_SEED"] = "0"

from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsClassificationCustom,
    QgsDataDefinedSizeLegend,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsLinePatternFillSymbolLayer,
    QgsLineSymbol,
    QgsMarkerLineSymbolLayer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProperty,
    QgsRendererCategory,
    QgsRendererRange,
    QgsRuleBasedLabeling,
    QgsRuleBasedRenderer,
    QgsSimpleFillSymbolLayer,
    QgsSimpleLineSymbolLayer,
    QgsSimpleMarkerSymbolLayer,
    QgsSimpleMarkerSymbolLayerBase,
    QgsSizeScaleTransformer,
    QgsSymbolLayer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QPointF, Qt
from qgis.PyQt.QtGui import QColor, QFont

# --------------------------------------------------------------------------------------------
# Layers: field name, QGIS memory-provider type, alias.  Field names are the store's (DESIGN.md).
# --------------------------------------------------------------------------------------------

LAYERS = {
    "deposits": ("Point", [
        ("id", "string", "ID"),
        ("name", "string", "Name"),
        ("name_local", "string", "Local name"),
        ("country_iso3", "string", "Country (ISO 3166-1 alpha-3)"),
        ("region", "string", "Region"),
        ("kind", "string", "Kind"),
        ("status", "string", "Status"),
        ("deposit_type", "string", "Deposit type"),
        ("commodities", "string", "Commodities"),
        ("ore_mt", "double", "Ore (Mt)"),
        ("grade_treo_pct", "double", "Grade TREO (%)"),
        ("contained_treo_t", "double", "Contained TREO (t)"),
        ("resource_system", "string", "Resource system"),
        ("resource_category", "string", "Resource category"),
        ("as_of", "string", "As of"),
        ("operator", "string", "Operator"),
        ("coord_precision", "string", "Coordinate precision"),
        ("source", "string", "Source"),
        ("source_url", "string", "Source URL"),
        ("notes", "string", "Notes"),
    ]),
    "processing_sites": ("Point", [
        ("id", "string", "ID"),
        ("name", "string", "Name"),
        ("name_local", "string", "Local name"),
        ("country_iso3", "string", "Country (ISO 3166-1 alpha-3)"),
        ("region", "string", "Region"),
        ("stage", "string", "Processing stage"),
        ("status", "string", "Status"),
        ("operator", "string", "Operator"),
        ("capacity_tpa", "double", "Capacity (t/a)"),
        ("capacity_basis", "string", "Capacity basis"),
        ("products", "string", "Products"),
        ("coord_precision", "string", "Coordinate precision"),
        ("source", "string", "Source"),
        ("source_url", "string", "Source URL"),
        ("notes", "string", "Notes"),
    ]),
    "reserve_areas": ("MultiPolygon", [
        ("id", "string", "ID"),
        ("deposit_id", "string", "Deposit ID"),
        ("name", "string", "Name"),
        ("kind", "string", "Kind"),
        ("outline_method", "string", "Outline method"),
        ("area_km2", "double", "Area (km²)"),
        ("ore_mt", "double", "Ore (Mt)"),
        ("grade_treo_pct", "double", "Grade TREO (%)"),
        ("contained_treo_t", "double", "Contained TREO (t)"),
        ("resource_system", "string", "Resource system"),
        ("resource_category", "string", "Resource category"),
        ("as_of", "string", "As of"),
        ("source", "string", "Source"),
        ("source_url", "string", "Source URL"),
        ("notes", "string", "Notes"),
    ]),
    "admin_regions": ("MultiPolygon", [
        ("id", "string", "ID"),
        ("name", "string", "Name"),
        ("name_local", "string", "Local name"),
        ("country_iso3", "string", "Country (ISO 3166-1 alpha-3)"),
        ("level", "string", "Level"),
        ("iso_code", "string", "ISO code"),
        ("source", "string", "Source"),
    ]),
    "occurrences": ("Point", [
        ("id", "string", "ID"),
        ("name", "string", "Name"),
        ("name_alt", "string", "Other names"),
        ("country_iso3", "string", "Country by location (ISO 3166-1 alpha-3)"),
        ("country", "string", "Country as the record names it"),
        ("named_iso3", "string", "Country by name (ISO 3166-1 alpha-3)"),
        ("country_check", "string", "Country check"),
        ("region", "string", "Region"),
        ("commodities", "string", "Commodities"),
        ("deposit_type", "string", "Deposit type"),
        ("deposit_id", "string", "Curated deposit (ID)"),
        ("source_db", "string", "USGS database"),
        ("record_id", "string", "Record number"),
        ("source", "string", "Source"),
        ("source_url", "string", "Source URL"),
        ("notes", "string", "Notes"),
    ]),
    "supply_links": ("MultiLineString", [
        ("from_id", "string", "From (ID)"),
        ("to_id", "string", "To (ID)"),
        ("rank", "integer", "Rank"),
        ("distance_m", "double", "Distance (m)"),
        ("distance_km", "double", "Distance (km)"),
        ("from_name", "string", "From"),
        ("to_name", "string", "To"),
    ]),
}

# The symbols themselves (colours, sizes, shapes per status and stage) live in
# styles/symbology.json, which `depomap render` compiles in: one description feeds both, so the
# QGIS styles and the rendered maps cannot drift apart.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "styles",
                       "symbology.json"), encoding="utf-8") as _f:
    SYMBOLOGY = json.load(_f)


def marker_shape(name):
    return getattr(QgsSimpleMarkerSymbolLayerBase, name.capitalize())


# Deposit status: Okabe-Ito, producing the strongest (opaque, dark outline, drawn on top).
# value, label, fill, outline, outline width (mm), fill opacity
DEPOSIT_STATUS = [(c["value"], c["label"], c["fill"], c["outline"], c["outline_mm"], c["opacity"])
                  for c in SYMBOLOGY["deposits"]["classes"]]
DEPOSIT_OTHER = SYMBOLOGY["deposits"]["other"]

# Processing stage: along the chain ore -> magnet, light green to dark violet; one shape each.
SITE_STAGE = [(c["value"], c["label"], c["fill"], marker_shape(c["shape"]), c["size_mm"])
              for c in SYMBOLOGY["processing_sites"]["classes"]]
SITE_OTHER = SYMBOLOGY["processing_sites"]["other"]

RESERVE_COLOUR = SYMBOLOGY["reserve_areas"]["colour"]  # brown: apart from every point colour
ADMIN = SYMBOLOGY["admin_regions"]

LABEL_FONT = "Arial"  # resolves to Liberation Sans / DejaVu Sans on Linux via fontconfig


def name_label(name_field="name"):
    """The label expression of a layer with name and name_local: the name, the local name or both
    on two lines, as the project variable @depomap_labels says (en, local, both; unset: en).
    `depomap qgis-project --labels` sets it; a layer opened on its own gets the English name.
    Local names only for the countries of symbology.json's `local_names` (Cyrillic, which the map
    fonts carry)."""
    countries = ", ".join("'{}'".format(c) for c in SYMBOLOGY["local_names"])
    local = ("CASE WHEN \"country_iso3\" IN ({}) AND length(trim(\"name_local\")) > 0 "
             "AND \"name_local\" <> \"{}\" THEN \"name_local\" END").format(countries, name_field)
    return ("CASE WHEN @depomap_labels = 'local' THEN coalesce({local}, \"{name}\") "
            "WHEN @depomap_labels = 'both' THEN \"{name}\" || coalesce('\\n' || {local}, '') "
            "ELSE \"{name}\" END").format(local=local, name=name_field)


def qcolor(hex_colour, alpha=1.0):
    c = QColor(hex_colour)
    c.setAlphaF(alpha)
    return c


def symbol(cls, layers):
    """A symbol made of the given symbol layers.

    Built with appendSymbolLayer(), which hands each layer over to the symbol: the list
    constructor (QgsMarkerSymbol([...])) leaves Python owning the layers and crashes later.
    """
    result = cls()
    while result.symbolLayerCount():
        result.deleteSymbolLayer(0)
    for layer in layers:
        result.appendSymbolLayer(layer)
    return result


def make_layer(name):
    geometry, fields = LAYERS[name]
    uri = geometry + "?crs=EPSG:4326" + "".join(
        "&field={}:{}".format(f, t) for f, t, _ in fields)
    layer = QgsVectorLayer(uri, name, "memory")
    if not layer.isValid():
        raise RuntimeError("cannot create memory layer " + name)
    for index, (field, _, alias) in enumerate(fields):
        layer.setFieldAlias(index, alias)
    return layer


def text_format(size_pt, colour, bold=False, italic=False, buffer_mm=0.7, buffer_alpha=0.85):
    font = QFont(LABEL_FONT)
    font.setBold(bold)
    font.setItalic(italic)
    fmt = QgsTextFormat()
    fmt.setFont(font)
    fmt.setSize(size_pt)
    fmt.setSizeUnit(QgsUnitTypes.RenderPoints)
    fmt.setColor(QColor(colour))
    if buffer_mm > 0:
        buf = QgsTextBufferSettings()
        buf.setEnabled(True)
        buf.setSize(buffer_mm)
        buf.setSizeUnit(QgsUnitTypes.RenderMillimeters)
        buf.setColor(qcolor("#ffffff"))
        buf.setOpacity(buffer_alpha)
        fmt.setBuffer(buf)
    return fmt


def point_labels(fmt, priority_expression=None):
    pal = QgsPalLayerSettings()
    pal.enabled = True
    pal.fieldName = name_label()
    pal.isExpression = True
    pal.setFormat(fmt)
    pal.placement = QgsPalLayerSettings.OrderedPositionsAroundPoint
    pal.dist = 0.8
    pal.distUnits = QgsUnitTypes.RenderMillimeters
    pal.offsetType = QgsPalLayerSettings.FromSymbolBounds  # clear of big TREO circles
    pal.priority = 5
    # QGIS's eight positions, then the four left (above, below, slightly left of either): in a
    # crowd (the Urals plants, 250 km apart) a label may only fit straight above its marker.
    # (As a data-defined value: PyQGIS 3.22 does not expose predefinedPositionOrder.)
    props = pal.dataDefinedProperties()
    props.setProperty(QgsPalLayerSettings.PredefinedPositionOrder,
                      QgsProperty.fromValue("TR,TL,BR,BL,R,L,TSR,BSR,T,B,TSL,BSL"))
    pal.setDataDefinedProperties(props)
    # Markers repel labels as strongly as QGIS allows: with the placement engine's version 2 (the
    # project's), a label of priority below 10 is never placed over another feature's marker.
    obstacle = pal.obstacleSettings()
    obstacle.setFactor(2.0)
    pal.setObstacleSettings(obstacle)
    if priority_expression:
        props = pal.dataDefinedProperties()
        props.setProperty(QgsPalLayerSettings.Priority,
                          QgsProperty.fromExpression(priority_expression))
        pal.setDataDefinedProperties(props)
    return pal


def save(layer, out_dir):
    path = os.path.join(out_dir, layer.name() + ".qml")
    message, ok = layer.saveNamedStyle(path)
    if not ok:
        raise RuntimeError("cannot save {}: {}".format(path, message))
    # Rule keys are random UUIDs; number them in order so that the file is reproducible.
    with open(path, encoding="utf-8") as f:
        text = f.read()
    keys = {}
    text = re.sub(r"\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}",
                  lambda m: keys.setdefault(m.group(0), "{{00000000-0000-0000-0000-{:012d}}}"
                                            .format(len(keys) + 1)), text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote", path)


# --------------------------------------------------------------------------------------------
# deposits: categorised by status, sized by contained TREO (area-proportional), labelled
# --------------------------------------------------------------------------------------------

# 20 Mt: Bayan Obo-class fields get the largest circle (clamped above).
_SIZE = SYMBOLOGY["deposits"]["size"]
TREO_MAX_T = _SIZE["max_value"]
SIZE_MIN_MM, SIZE_MAX_MM, SIZE_NULL_MM = _SIZE["min_mm"], _SIZE["max_mm"], _SIZE["null_mm"]


def treo_size_property():
    prop = QgsProperty.fromField("contained_treo_t")
    # Area: diameter ~ sqrt(value), i.e. circle area proportional to the tonnage.  NULL (no
    # published figure) gets a fixed small marker, smaller than any known tonnage.
    prop.setTransformer(QgsSizeScaleTransformer(
        QgsSizeScaleTransformer.Area, 0, TREO_MAX_T, SIZE_MIN_MM, SIZE_MAX_MM, SIZE_NULL_MM, _SIZE["exponent"]))
    return prop


def deposits(out_dir):
    layer = make_layer("deposits")
    categories = []
    for value, label, fill, outline, width, alpha in DEPOSIT_STATUS:
        marker = QgsSimpleMarkerSymbolLayer(QgsSimpleMarkerSymbolLayerBase.Circle, SIZE_NULL_MM)
        marker.setColor(qcolor(fill, alpha))
        marker.setStrokeColor(QColor(outline))
        marker.setStrokeWidth(width)
        marker.setStrokeWidthUnit(QgsUnitTypes.RenderMillimeters)
        sym = symbol(QgsMarkerSymbol, [marker])
        sym.setDataDefinedSize(treo_size_property())
        categories.append(QgsRendererCategory(value, sym, label, True))
    # Anything else (a status outside the vocabulary, NULL): a small grey ring.
    other = QgsSimpleMarkerSymbolLayer(QgsSimpleMarkerSymbolLayerBase.Circle, SIZE_NULL_MM)
    other.setColor(qcolor(DEPOSIT_OTHER["fill"], DEPOSIT_OTHER["opacity"]))
    other.setStrokeColor(QColor(DEPOSIT_OTHER["outline"]))
    other.setStrokeWidth(DEPOSIT_OTHER["outline_mm"])
    other_symbol = symbol(QgsMarkerSymbol, [other])
    other_symbol.setDataDefinedSize(treo_size_property())
    categories.append(QgsRendererCategory("", other_symbol, DEPOSIT_OTHER["label"], True))

    renderer = QgsCategorizedSymbolRenderer("status", categories)
    source = QgsMarkerSymbol.createSimple({"name": "circle", "color": "#a0a0a0"})
    source.setDataDefinedSize(treo_size_property())
    renderer.setSourceSymbol(source)

    legend = QgsDataDefinedSizeLegend()
    legend.setTitle(_SIZE["legend_title"])
    legend.setLegendType(QgsDataDefinedSizeLegend.LegendCollapsed)
    legend.setClasses([QgsDataDefinedSizeLegend.SizeClass(value, label)
                       for value, label in _SIZE["legend"]])
    renderer.setDataDefinedSizeLegend(legend)

    # Big circles first, small ones on top of them; producing fields last of all.
    renderer.setOrderBy(QgsFeatureRequest.OrderBy([
        QgsFeatureRequest.OrderByClause("\"status\" = 'producing'", True, True),
        QgsFeatureRequest.OrderByClause("coalesce(\"contained_treo_t\", 0)", False, False),
    ]))
    renderer.setOrderByEnabled(True)
    layer.setRenderer(renderer)

    lab = SYMBOLOGY["deposits"]["label"]
    fmt = text_format(lab["size_pt"], lab["colour"], italic=lab["italic"])
    # Larger deposits win label conflicts: priority 2 (no figure) to 8 (>= 10 Mt); the plants
    # (9) win over any deposit: few, and where the ore goes.
    pal = point_labels(fmt, "CASE WHEN \"contained_treo_t\" IS NULL THEN 2 "
                                    "ELSE 2 + least(6, round(log10(\"contained_treo_t\" + 1) - 1)) END")
    layer.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    layer.setLabelsEnabled(True)
    layer.setDisplayExpression('"name"')
    layer.setMapTipTemplate(
        '<b>[% "name" %]</b> [% coalesce(\'(\' || "name_local" || \')\', \'\') %]<br>'
        '[% "status" %] · [% "deposit_type" %]<br>'
        'Contained TREO: [% coalesce(format_number("contained_treo_t", 0) || \' t\', \'n/a\') %]'
        '<br><i>[% "source" %]</i>')
    save(layer, out_dir)


# --------------------------------------------------------------------------------------------
# processing_sites: categorised by stage, one marker shape per stage, labelled
# --------------------------------------------------------------------------------------------

def site_symbol(shape, fill, size, outline=SYMBOLOGY["processing_sites"]["outline"]):
    marker = QgsSimpleMarkerSymbolLayer(shape, size)
    marker.setColor(QColor(fill))
    marker.setStrokeColor(QColor(outline))
    marker.setStrokeWidth(SYMBOLOGY["processing_sites"]["outline_mm"])
    marker.setStrokeWidthUnit(QgsUnitTypes.RenderMillimeters)
    # A white halo under the marker keeps it readable over deposit circles.
    halo = QgsSimpleMarkerSymbolLayer(shape, size + 0.9)
    halo.setColor(qcolor("#ffffff", 0.9))
    halo.setStrokeStyle(Qt.NoPen)
    return symbol(QgsMarkerSymbol, [halo, marker])


def processing_sites(out_dir):
    layer = make_layer("processing_sites")
    categories = [QgsRendererCategory(value, site_symbol(shape, fill, size), label, True)
                  for value, label, fill, shape, size in SITE_STAGE]
    categories.append(QgsRendererCategory(
        "", site_symbol(marker_shape(SITE_OTHER["shape"]), SITE_OTHER["fill"], SITE_OTHER["size_mm"],
                        SITE_OTHER["outline"]),
        SITE_OTHER["label"], True))
    renderer = QgsCategorizedSymbolRenderer("stage", categories)
    renderer.setSourceSymbol(site_symbol(QgsSimpleMarkerSymbolLayerBase.Square, "#8c8c8c", 3.6))
    layer.setRenderer(renderer)

    lab = SYMBOLOGY["processing_sites"]["label"]
    fmt = text_format(lab["size_pt"], lab["colour"], italic=lab["italic"])
    pal = point_labels(fmt)
    pal.dist = 1.0
    pal.priority = 9  # above every deposit's (2 to 8)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    layer.setLabelsEnabled(True)
    layer.setDisplayExpression('"name"')
    layer.setMapTipTemplate(
        '<b>[% "name" %]</b> [% coalesce(\'(\' || "name_local" || \')\', \'\') %]<br>'
        '[% "stage" %] · [% "status" %] · [% "operator" %]<br>'
        'Capacity: [% coalesce(format_number("capacity_tpa", 0) || \' t/a\', \'n/a\') %] '
        '[% "capacity_basis" %]<br><i>[% "source" %]</i>')
    save(layer, out_dir)


# --------------------------------------------------------------------------------------------
# occurrences (USGS mineral-site records, thousands of points): small grey dots under the curated
# layers, darker where a record is one of a curated deposit; no labels
# --------------------------------------------------------------------------------------------

def occurrences(out_dir):
    layer = make_layer("occurrences")
    look = SYMBOLOGY["occurrences"]
    root = QgsRuleBasedRenderer.Rule(None)
    for c in look["classes"]:
        dot = QgsSimpleMarkerSymbolLayer(QgsSimpleMarkerSymbolLayerBase.Circle, c["size_mm"])
        dot.setSizeUnit(QgsUnitTypes.RenderMillimeters)
        dot.setColor(qcolor(c["fill"], c["opacity"]))
        dot.setStrokeStyle(Qt.NoPen)
        rule = QgsRuleBasedRenderer.Rule(symbol(QgsMarkerSymbol, [dot]), 0, 0, c["filter"], c["label"])
        root.appendChild(rule)
    layer.setRenderer(QgsRuleBasedRenderer(root))
    layer.setLabelsEnabled(False)
    layer.setMapTipTemplate('[% "name" %] ([% "source_db" %] [% "record_id" %]): [% "commodities" %]')
    save(layer, out_dir)


# --------------------------------------------------------------------------------------------
# reserve_areas: semi-transparent; approximate outlines hatched and dashed
# --------------------------------------------------------------------------------------------

def outline_layer(colour, width, style, alpha=1.0):
    line = QgsSimpleLineSymbolLayer(qcolor(colour, alpha), width, style)
    line.setWidthUnit(QgsUnitTypes.RenderMillimeters)
    line.setPenJoinStyle(Qt.RoundJoin)
    return line


def plain_fill(colour, alpha):
    fill = QgsSimpleFillSymbolLayer(qcolor(colour, alpha), Qt.SolidPattern, QColor(0, 0, 0, 0),
                                    Qt.NoPen)
    return fill


def hatch(colour, alpha, angle=45, distance=1.8, width=0.25):
    pattern = QgsLinePatternFillSymbolLayer()
    pattern.setLineAngle(angle)
    pattern.setDistance(distance)
    pattern.setDistanceUnit(QgsUnitTypes.RenderMillimeters)
    pattern.setLineWidth(width)
    pattern.setColor(qcolor(colour, alpha))
    sub = symbol(QgsLineSymbol, [outline_layer(colour, width, Qt.SolidLine, alpha)])
    pattern.setSubSymbol(sub)
    return pattern


def reserve_areas(out_dir):
    layer = make_layer("reserve_areas")
    c = RESERVE_COLOUR
    surveyed = symbol(QgsFillSymbol, [plain_fill(c, 0.30), outline_layer(c, 0.6, Qt.SolidLine)])
    digitised = symbol(QgsFillSymbol, [plain_fill(c, 0.24), outline_layer(c, 0.4, Qt.SolidLine)])
    dashed = outline_layer(c, 0.45, Qt.CustomDashLine)
    dashed.setUseCustomDashPattern(True)
    dashed.setCustomDashVector([4.0, 2.0])
    dashed.setCustomDashPatternUnit(QgsUnitTypes.RenderMillimeters)
    approximate = symbol(QgsFillSymbol, [plain_fill(c, 0.10), hatch(c, 0.75), dashed])
    other = symbol(QgsFillSymbol, [plain_fill("#7f7f7f", 0.15),
                           outline_layer("#6e6e6e", 0.35, Qt.DotLine)])
    categories = [
        QgsRendererCategory("surveyed", surveyed, "Surveyed outline", True),
        QgsRendererCategory("digitised", digitised, "Digitised outline", True),
        QgsRendererCategory("circle_from_area", approximate,
                            "Approximate: circle of the published area", True),
        QgsRendererCategory("", other, "Method not given", True),
    ]
    renderer = QgsCategorizedSymbolRenderer("outline_method", categories)
    renderer.setSourceSymbol(digitised.clone())
    layer.setRenderer(renderer)

    # Names only when zoomed in (the deposit point carries the name at small scales).
    pal = QgsPalLayerSettings()
    pal.enabled = True
    pal.fieldName = "name"
    pal.setFormat(text_format(7.5, "#5a3406", italic=True, buffer_mm=0.6))
    pal.placement = QgsPalLayerSettings.Horizontal
    pal.fitInPolygonOnly = False
    pal.priority = 3
    pal.scaleVisibility = True
    pal.minimumScale = 2_500_000  # the most zoomed-out scale with labels
    pal.maximumScale = 0
    layer.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    layer.setLabelsEnabled(True)
    layer.setDisplayExpression('"name"')
    save(layer, out_dir)


# --------------------------------------------------------------------------------------------
# admin_regions: a quiet basemap; countries solid grey borders, regions thin dotted
# --------------------------------------------------------------------------------------------

def admin_regions(out_dir):
    layer = make_layer("admin_regions")
    land = ADMIN["land"]

    country_fill = plain_fill(land, 1.0)
    country_fill.setRenderingPass(0)
    country_border = outline_layer(ADMIN["country_border"], ADMIN["country_border_mm"], Qt.SolidLine)
    country_border.setRenderingPass(2)
    country = symbol(QgsFillSymbol, [country_fill, country_border])

    region_border = outline_layer(ADMIN["region_border"], ADMIN["region_border_mm"], Qt.DotLine)
    region_border.setRenderingPass(1)
    region = symbol(QgsFillSymbol, [region_border])

    other_fill = plain_fill(land, 0.6)
    other_fill.setRenderingPass(0)
    other_border = outline_layer("#c8c8c8", 0.15, Qt.SolidLine)
    other_border.setRenderingPass(1)
    other = symbol(QgsFillSymbol, [other_fill, other_border])

    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(country, 0, 0, "\"level\" = 'country'",
                                               "Country"))
    root.appendChild(QgsRuleBasedRenderer.Rule(region, 0, 0, "\"level\" = 'region'",
                                               "Region (first level)"))
    else_rule = QgsRuleBasedRenderer.Rule(other, 0, 0, "ELSE", "Other")
    root.appendChild(else_rule)
    renderer = QgsRuleBasedRenderer(root)
    renderer.setUsingSymbolLevels(True)
    layer.setRenderer(renderer)

    # Subtle country names: light grey, lowest priority, never in the way of the data labels.
    # Each name stands on a point inside its own country (point_on_surface of the stored
    # polygon, in longitude/latitude), not on the middle of what a projection makes of it: in a
    # conic centred on Russia, Antarctica's outline wraps around the map and its name would land
    # in Siberia. Where the layer variable @depomap_label_area holds the part of the globe a map
    # shows (`depomap qgis-project` sets it on a regional map's basemap), the point is inside the
    # part of the country within it: China's name in the China that a map of Russia shows, and
    # none for a country with less than 2 square degrees on the map (the Aleutians' tip). The
    # name stands on its point or beside it (the point is often where a deposit's label is).
    # Only countries larger than 8 square degrees (about Austria), as `depomap render`.
    pal = QgsPalLayerSettings()
    pal.enabled = True
    pal.fieldName = name_label()
    pal.isExpression = True
    fmt = text_format(ADMIN["label"]["size_pt"], ADMIN["label"]["colour"], buffer_mm=0)
    font = fmt.font()
    font.setLetterSpacing(QFont.AbsoluteSpacing, 0.6)
    fmt.setFont(font)
    pal.setFormat(fmt)
    pal.geometryGeneratorEnabled = True
    pal.geometryGenerator = ("CASE WHEN @depomap_label_area IS NULL THEN point_on_surface($geometry) "
                             "ELSE with_variable('shown', intersection($geometry, geom_from_wkt(@depomap_label_area)), "
                             "CASE WHEN area(@shown) >= 2 THEN point_on_surface(@shown) END) END")
    pal.geometryGeneratorType = QgsWkbTypes.PointGeometry
    pal.placement = QgsPalLayerSettings.AroundPoint
    pal.priority = 0
    obstacle = pal.obstacleSettings()
    obstacle.setIsObstacle(False)
    pal.setObstacleSettings(obstacle)
    label_root = QgsRuleBasedLabeling.Rule(None)
    label_rule = QgsRuleBasedLabeling.Rule(pal)
    label_rule.setFilterExpression("\"level\" = 'country' AND area($geometry) > 8")
    label_rule.setDescription("Country names")
    label_root.appendChild(label_rule)
    layer.setLabeling(QgsRuleBasedLabeling(label_root))
    layer.setLabelsEnabled(True)
    layer.setDisplayExpression('"name"')
    save(layer, out_dir)


# --------------------------------------------------------------------------------------------
# supply_links (`depomap nearest -f geojson`): graduated by distance, arrow to the site
# --------------------------------------------------------------------------------------------

# lower, upper (km), colour, width (mm).  Neutral greys, short links darkest: the links are the
# analysis, the colour stays with the deposits and sites they join.  The last upper bound, 20,040
# km, is half the equator: the longest geodesic.
LINK_CLASSES = [(c["lower"], c["upper"], c["colour"], c["width_mm"])
                for c in SYMBOLOGY["supply_links"]["classes"]]


def link_symbol(colour, width):
    line = outline_layer(colour, width, Qt.SolidLine)
    line.setPenCapStyle(Qt.RoundCap)
    # Second and further neighbours (rank > 1) dashed, the nearest solid.
    line.setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeStyle, QgsProperty.fromExpression(
        "CASE WHEN \"rank\" > 1 THEN 'dash' ELSE 'solid' END"))
    head = QgsSimpleMarkerSymbolLayer(QgsSimpleMarkerSymbolLayerBase.ArrowHeadFilled,
                                      2.4 + 2.5 * width)
    head.setColor(QColor(colour))
    head.setStrokeStyle(Qt.NoPen)
    arrow = QgsMarkerLineSymbolLayer(True)  # rotate with the line
    arrow.setPlacement(QgsMarkerLineSymbolLayer.LastVertex)
    # The arrow's tip stops short of the site's point, just outside its marker (about 4 mm):
    # the marker's own offset turns with the line.  (offsetAlongLine would flip the arrow
    # at the last vertex in QGIS 3.22.)
    head.setOffset(QPointF(-2.6, 0))
    head.setOffsetUnit(QgsUnitTypes.RenderMillimeters)
    arrow.setSubSymbol(symbol(QgsMarkerSymbol, [head]))
    return symbol(QgsLineSymbol, [line, arrow])


def supply_links(out_dir):
    layer = make_layer("supply_links")
    ranges = []
    for lower, upper, colour, width in LINK_CLASSES:
        label = ("{:,} km or more".format(lower) if upper == 20040
                 else "{:,} – {:,} km".format(lower, upper))
        ranges.append(QgsRendererRange(lower, upper, link_symbol(colour, width), label, True))
    renderer = QgsGraduatedSymbolRenderer("distance_km", ranges)
    renderer.setClassificationMethod(QgsClassificationCustom())
    renderer.setSourceSymbol(link_symbol("#737373", 0.42))
    # Long links underneath, short (the nearest, the interesting ones) on top.
    renderer.setOrderBy(QgsFeatureRequest.OrderBy([
        QgsFeatureRequest.OrderByClause("\"distance_km\"", False, False)]))
    renderer.setOrderByEnabled(True)
    layer.setRenderer(renderer)
    layer.setLabelsEnabled(False)
    layer.setDisplayExpression("\"from_name\" || ' → ' || \"to_name\"")
    layer.setMapTipTemplate(
        '[% "from_name" %] → [% "to_name" %] (rank [% "rank" %]): '
        '[% format_number("distance_km", 0) %] km')
    save(layer, out_dir)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = argv[1] if len(argv) > 1 else os.path.join(here, "..", "..", "styles")
    out_dir = os.path.abspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    app = QgsApplication([], False)
    app.initQgis()
    try:
        for make in (deposits, processing_sites, reserve_areas, admin_regions, supply_links, occurrences):
            make(out_dir)
    finally:
        app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
