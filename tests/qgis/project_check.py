#!/usr/bin/python3
"""depomap qgis-project, checked in real QGIS (headless).

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/project_check.py DEPOMAP WORKDIR

Makes the atlas store (`depomap init --atlas`) and a project beside it, moves the folder, opens
the moved project in QGIS and checks: the QGIS version the project names is the installed one;
every layer valid, styled, with the store's feature count and a name a person reads; the supply links in the GeoPackage beside the project; the two map themes and their layers; the two
print layouts (title, legend, scale bar, north arrow on the Russia layout only, sources). Exports
each layout to PDF and PNG and checks them by meaning: the title and the legend's names in the
PDF's text (pdftotext), the deposit symbol's colour where Tomtor and Lovozero project on the PNG
(and not at a place with no deposit), labels inside the map, none over another, the Urals plants
labelled, every country name on its own country (no "Antarctica" on the Russia map), Russia whole
and inside the Russia map, the legend fitting its box. `--labels both`: the Russia layout's labels
in both scripts, in its PDF's text too; `--labels local`: Tomtor's label in Cyrillic. Also
tools/qgis/export_layout.py (the quick start's export of the Russia layout) and its errors. One
line per check group; exit 1 on failure.
"""
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (Qgis, QgsApplication, QgsCoordinateReferenceSystem,  # noqa: E402
                       QgsCoordinateTransform, QgsCsException, QgsExpression, QgsExpressionContext,
                       QgsExpressionContextUtils, QgsFeatureRequest, QgsGeometry, QgsLayoutExporter,
                       QgsLayoutItemLabel, QgsLayoutItemLegend, QgsLayoutItemMap,
                       QgsLayoutItemPicture, QgsLayoutItemScaleBar, QgsLayoutUtils,
                       QgsLegendRenderer, QgsPointXY, QgsProject, QgsRenderContext)
from qgis.PyQt.QtGui import QImage  # noqa: E402

DEPOMAP, WORK = sys.argv[1], sys.argv[2]
FAILURES = []
DPI = 150
TITLE = "Rare-earth deposits and processing plants"
# Legend names (styles/symbology.json) and the colour of each deposit status there.
# In the legend's order: points, lines, polygons, then the underlay (USGS's records).
NAMES = {"deposits": "Rare-earth deposits by status", "processing_sites": "Processing plants by stage",
         "supply_links": "Distance to the nearest plant", "reserve_areas": "Reserve areas",
         "occurrences": "USGS site records"}
STATUS_FILL = {"producing": (0xd5, 0x5e, 0x00), "development": (0xe6, 0x9f, 0x00)}
# Known deposits of the atlas (geodata/deposits.csv): id -> status.
KNOWN = {"ru-tomtor": "development", "ru-lovozero": "producing"}


def fail(msg):
    FAILURES.append(msg)
    print("FAIL", msg)


def done(before, what):
    """Closes a group of checks: "ok" when none of them failed since `before`."""
    print(("ok   " if len(FAILURES) == before else "FAIL ") + what)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


def run(*args):
    p = subprocess.run([DEPOMAP, *args], capture_output=True, text=True)
    check(p.returncode == 0, f"depomap {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()[:300]}")
    return p


def make_project(folder, labels):
    os.makedirs(folder)
    db, qgs = os.path.join(folder, "atlas.sqlite"), os.path.join(folder, "atlas.qgs")
    run("init", "-q", "--db", db, "--atlas")
    run("qgis-project", "-q", "--db", db, "-o", qgs, "--labels", labels)
    return db, qgs


def written_file_checks(qgs, folder):
    before = len(FAILURES)
    text = open(qgs, encoding="utf-8").read()
    root = ET.fromstring(text.split("\n", 1)[1])  # after the DOCTYPE
    version = root.get("version")
    installed = Qgis.QGIS_VERSION.split("-")[0]
    check(version == installed, f"project version {version}, installed QGIS {installed}")
    check(folder not in text, "an absolute path to the project's folder in the project")
    sources = {l.findtext("id"): l.findtext("datasource") for l in root.iter("maplayer")}
    check(sources.get("deposits_depomap") == "dbname='./atlas.sqlite' table=\"deposits\" (geom)",
          f"deposits from {sources.get('deposits_depomap')}")
    check(sources.get("supply_links_depomap") == "./atlas_map.gpkg|layername=supply_links",
          f"supply links from {sources.get('supply_links_depomap')}")
    done(before, f"written: version {version}, relative datasources")


def store_counts(db):
    con = sqlite3.connect(db)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("deposits", "processing_sites", "reserve_areas", "admin_regions", "occurrences")}
    con.close()
    return counts


def layer_checks(project, moved, counts):
    before = len(FAILURES)
    layers = {l.id(): l for l in project.mapLayers().values()}
    for lid, layer in layers.items():
        check(layer.isValid(), f"{lid} is not valid")
        check(os.path.realpath(layer.source().split("|")[0].split("'")[1] if "dbname=" in layer.source()
                               else layer.source().split("|")[0]).startswith(os.path.realpath(moved)),
              f"{lid} does not read from the moved folder: {layer.source()[:120]}")
        check(layer.renderer() is not None and (layer.renderer().type() != "singleSymbol" or lid.startswith("globe")),
              f"{lid} has QGIS's default style ({layer.renderer().type() if layer.renderer() else None})")
        check(layer.name() not in ("deposits", "processing_sites", "reserve_areas", "admin_regions", "supply_links",
                                   "occurrences"),
              f"{lid} is named like a table: {layer.name()}")
    for table, name in NAMES.items():
        lid = table + "_depomap"
        if check(lid in layers, f"no layer {lid}"):
            check(layers[lid].name() == name, f"{lid} is named {layers[lid].name()!r}, not {name!r}")
    for table in ("deposits", "processing_sites", "reserve_areas", "admin_regions", "occurrences"):
        check(layers[table + "_depomap"].featureCount() == counts[table],
              f"{table}: {layers[table + '_depomap'].featureCount()} features, the store has {counts[table]}")
    # USGS's records are an underlay: drawn under the curated points, over the areas.
    order = [l.id() for l in project.layerTreeRoot().layerOrder()]
    top = {lid: order.index(lid) if lid in order else -1 for lid in
           ("deposits_depomap", "processing_sites_depomap", "occurrences_depomap", "reserve_areas_depomap")}
    check(-1 not in top.values() and max(top["deposits_depomap"], top["processing_sites_depomap"]) <
          top["occurrences_depomap"] < top["reserve_areas_depomap"], f"drawing order (top first): {order}")
    links = layers["supply_links_depomap"]
    check(links.featureCount() == counts["deposits"], f"supply links: {links.featureCount()} for "
                                                      f"{counts['deposits']} deposits")
    check(links.providerType() == "ogr" and links.source().split("|")[0].endswith("atlas_map.gpkg"),
          f"supply links from {links.source()}")
    done(before, f"layers: {len(layers)} valid and styled, named for readers, counts as in the store")
    return layers


def theme_checks(project, layers):
    before = len(FAILURES)
    themes = project.mapThemeCollection()
    check(sorted(themes.mapThemes()) == ["Russia and neighbours", "World"], f"themes {themes.mapThemes()}")
    shown = {name: {l.id() for l in themes.mapThemeVisibleLayers(name)} for name in themes.mapThemes()}
    for name, ids in shown.items():
        for table in NAMES:
            check(table + "_depomap" in ids, f"theme {name}: {table} not shown")
    check("globe_world_depomap" in shown["World"] and "admin_regions_depomap" in shown["World"],
          f"theme World: {shown['World']}")
    check("globe_world_depomap" not in shown["Russia and neighbours"] and
          "admin_regions_russia_depomap" in shown["Russia and neighbours"] and
          "admin_regions_depomap" not in shown["Russia and neighbours"],
          f"theme Russia: {shown['Russia and neighbours']}")
    done(before, "themes: World, Russia and neighbours")


def item(layout, cls, item_id):
    found = layout.itemById(item_id)
    check(isinstance(found, cls), f"{layout.name()}: no {cls.__name__} {item_id!r}")
    return found if isinstance(found, cls) else None


def layout_checks(project):
    before = len(FAILURES)
    layouts = {l.name(): l for l in project.layoutManager().printLayouts()}
    check(sorted(layouts) == ["Russia and neighbours", "World"], f"layouts {sorted(layouts)}")
    expected_crs = {"World": ["+proj=eqearth"], "Russia and neighbours": ["+proj=lcc", "+lon_0=100"]}
    for name, layout in layouts.items():
        m = item(layout, QgsLayoutItemMap, "map")
        if m:
            check(m.followVisibilityPreset() and m.followVisibilityPresetName() == name,
                  f"{name}: the map does not follow its theme")
            for part in expected_crs[name]:
                check(part in m.crs().toProj(), f"{name}: map CRS {m.crs().toProj()}")
        title = item(layout, QgsLayoutItemLabel, "title")
        if title:
            check(title.text() == TITLE, f"{name}: title {title.text()!r}")
        legend = item(layout, QgsLayoutItemLegend, "legend")
        if legend:
            entries = [n.name() for n in legend.model().rootGroup().findLayers()]
            check(entries == list(NAMES.values()), f"{name}: legend lists {entries}")
        if legend and sources_item(layout):
            legend_room_checks(layout, name, legend, m)
        bar = item(layout, QgsLayoutItemScaleBar, "scale bar")
        if bar:
            check(bar.unitLabel() == "km" and bar.linkedMap() is m, f"{name}: scale bar")
        arrow = layout.itemById("north arrow")
        if name == "World":
            check(arrow is None, "World: a north arrow on a world map")
        else:
            check(isinstance(arrow, QgsLayoutItemPicture) and arrow.linkedMap() is m, f"{name}: no north arrow")
        sources = item(layout, QgsLayoutItemLabel, "sources")
        if sources:
            for part in ("depomap", "figures as of 20", "Natural Earth", "USGS"):
                check(part in sources.text(), f"{name}: sources line lacks {part!r}: {sources.text()}")
    done(before, "layouts: title, legend, scale bar, north arrow (Russia), sources")
    return layouts


def sources_item(layout):
    found = layout.itemById("sources")
    return found if isinstance(found, QgsLayoutItemLabel) else None


def legend_room_checks(layout, name, legend, m):
    """The legend's contents (as QGIS lays them out) fit its box, which lies below the map, left
    of the scale bar and above the sources line: nothing drawn over anything else."""
    context = QgsLayoutUtils.createRenderContextForLayout(layout, None)
    need = QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize(context)
    box = legend.sceneBoundingRect()
    check(need.height() <= box.height() + 0.01 and need.width() <= box.width() + 0.01,
          f"{name}: the legend needs {need.width():.1f} x {need.height():.1f} mm, its box is "
          f"{box.width():.1f} x {box.height():.1f} mm")
    others = [m, sources_item(layout), layout.itemById("scale bar"), layout.itemById("projection"),
              layout.itemById("north arrow")]
    for other in others:
        if other is not None:
            check(not box.intersects(other.sceneBoundingRect()), f"{name}: the legend's box overlaps {other.id()!r}")


def pixel_share(image, cx, cy, radius, rgb, tolerance=40):
    """Share of the pixels within `radius` of (cx, cy) that have the colour `rgb`."""
    hits = total = 0
    r = int(math.ceil(radius))
    for y in range(int(cy) - r, int(cy) + r + 1):
        for x in range(int(cx) - r, int(cx) + r + 1):
            if (x - cx) ** 2 + (y - cy) ** 2 > radius ** 2 or not image.valid(x, y):
                continue
            c = image.pixelColor(x, y)
            total += 1
            hits += all(abs(a - b) <= tolerance for a, b in zip((c.red(), c.green(), c.blue()), rgb))
    return hits / total if total else 0.0


def page_pixel(m, lon, lat):
    """Where lon/lat lands on the exported page, in pixels at DPI."""
    t = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), m.crs(), QgsProject.instance())
    p = t.transform(QgsPointXY(lon, lat))
    e = m.extent()
    x_mm = m.pagePos().x() + (p.x() - e.xMinimum()) / e.width() * m.rect().width()
    y_mm = m.pagePos().y() + (e.yMaximum() - p.y()) / e.height() * m.rect().height()
    return x_mm * DPI / 25.4, y_mm * DPI / 25.4


def deposit_positions(layers):
    layer = layers["deposits_depomap"]
    found = {}
    for f in layer.getFeatures(QgsFeatureRequest().setFilterExpression(
            "\"id\" IN ({})".format(", ".join(f"'{i}'" for i in KNOWN)))):
        pt = f.geometry().asPoint()
        found[f["id"]] = (pt.x(), pt.y(), f["contained_treo_t"])
    check(sorted(found) == sorted(KNOWN), f"known deposits found: {sorted(found)}")
    return found


def russia_whole_checks(layouts, layers):
    """On the Russia layout, Russia lies inside the map whole, and Chukotka is one piece across
    180°: the same polygon holds a point of it west of the meridian and one east of it."""
    before = len(FAILURES)
    name = "Russia and neighbours"
    m = layouts[name].itemById("map")
    basemap = layers["admin_regions_russia_depomap"]
    russia = next(basemap.getFeatures(QgsFeatureRequest().setFilterExpression(
        "\"level\" = 'country' AND \"country_iso3\" = 'RUS'")), None)
    if not check(russia is not None, f"{name}: no Russia in its basemap"):
        return
    projected = QgsGeometry(russia.geometry())
    projected.transform(QgsCoordinateTransform(basemap.crs(), m.crs(), QgsProject.instance()))
    check(m.extent().contains(projected.boundingBox()),
          f"{name}: Russia {projected.boundingBox().toString(0)} is not inside the map {m.extent().toString(0)}")
    # Inland Chukotka at 67° N: 179° E and 178.5° W (181.5° as the view reads the basemap).
    west, east = QgsPointXY(179.0, 67.0), QgsPointXY(181.5, 67.0)
    parts = [QgsGeometry(p.clone()) for p in russia.geometry().constParts()]
    holding = [p for p in parts if p.contains(QgsGeometry.fromPointXY(west))]
    check(len(holding) == 1 and holding[0].contains(QgsGeometry.fromPointXY(east)),
          f"{name}: Chukotka is torn at 180° ({len(holding)} part(s) hold 179° E)")
    done(before, f"{name}: Russia inside the map, Chukotka one piece across 180°")


def export_checks(layouts, layers, out):
    before = len(FAILURES)
    os.makedirs(out, exist_ok=True)
    positions = deposit_positions(layers)
    started = time.monotonic()
    for name, layout in layouts.items():
        stem = os.path.join(out, name.split()[0].lower())
        exporter = QgsLayoutExporter(layout)
        pdf = QgsLayoutExporter.PdfExportSettings()
        pdf.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
        check(exporter.exportToPdf(stem + ".pdf", pdf) == QgsLayoutExporter.Success, f"{name}: PDF export")
        png = QgsLayoutExporter.ImageExportSettings()
        png.dpi = DPI
        check(exporter.exportToImage(stem + ".png", png) == QgsLayoutExporter.Success, f"{name}: PNG export")
        labels = [l for r in exporter.labelingResults().values() for l in r.allLabels()]
        m = layout.itemById("map")
        pdf_checks(name, stem + ".pdf")
        png_checks(name, stem + ".png", m, positions)
        label_checks(name, labels, m)
    done(before, f"exports: 2 layouts to PDF and PNG in {time.monotonic() - started:.1f} s")


def pdf_checks(name, pdf):
    before = len(FAILURES)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    for part in [TITLE, *NAMES.values(), "Producing", "Natural Earth"]:
        check(part in flat, f"{name}: {part!r} not in the PDF's text")
    done(before, f"{name}: PDF text has the title, the legend's names")


def png_checks(name, png, m, positions):
    before = len(FAILURES)
    image = QImage(png)
    if not check(not image.isNull(), f"{name}: cannot read {png}"):
        return
    px_per_mm = DPI / 25.4
    for did, (lon, lat, treo) in positions.items():
        x, y = page_pixel(m, lon, lat)
        # The circle's diameter as the style sizes it (2.6 to 12 mm, area by contained TREO).
        radius = (2.6 + 9.4 * math.sqrt(min(treo, 2e7) / 2e7)) / 2 * px_per_mm
        share = pixel_share(image, x, y, radius * 0.9, STATUS_FILL[KNOWN[did]])
        # Lovozero's circle lies under its plant's marker (Revda, 12 km away): less of it shows.
        check(share >= (0.10 if did == "ru-lovozero" else 0.5),
              f"{name}: {did} at ({x:.0f}, {y:.0f}) px: {share:.0%} of its circle in its status colour")
    # A place without deposits (the Kara Sea) has none of those colours.
    x, y = page_pixel(m, 75.0, 76.0)
    for status, rgb in STATUS_FILL.items():
        check(pixel_share(image, x, y, 3 * px_per_mm, rgb) < 0.02, f"{name}: {status} colour in the empty sea")
    done(before, f"{name}: Tomtor and Lovozero drawn in their status colours where they project")


def label_checks(name, labels, m, mode="en"):
    before = len(FAILURES)
    texts = [l.labelText for l in labels if not l.isUnplaced]
    placed = [l for l in labels if not l.isUnplaced]
    check(len(placed) > 20, f"{name}: only {len(placed)} labels")
    # Inside the map (none cut by its edge) and none over another.
    extent = m.extent()
    for l in placed:
        check(extent.contains(l.labelRect), f"{name}: label {l.labelText!r} reaches past the map's edge")
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            inter = a.labelRect.intersect(b.labelRect)
            check(inter.isEmpty() or inter.area() < 1e-6 * a.labelRect.area(),
                  f"{name}: labels {a.labelText!r} and {b.labelText!r} overlap")
    joined = "\n".join(texts)
    if name == "World":
        check("Antarctica" in joined, "World: Antarctica not labelled")
    else:
        check("Antarctica" not in joined, f"{name}: 'Antarctica' on the Russia map")
    if mode == "both":
        check(any("Tomtor" in t and "Томтор" in t for t in texts), f"{name}: Tomtor not labelled in both names")
    elif name != "World":
        # The unlabelled Urals plants, 250 km apart.
        for plant in ("Solikamsk", "Glazov"):
            check(plant in joined, f"{name}: {plant} not labelled")
        # Neighbours named where the map shows them: China's own middle is south of the map.
        for country in ("Russia", "China", "Kazakhstan", "Mongolia"):
            check(country in texts, f"{name}: {country} not labelled")
    countries = country_label_checks(name, placed, m)
    done(before, f"{name} (--labels {mode}): {len(placed)} labels inside the map, none overlapping, "
                 f"{countries} country names on their countries")


def country_label_checks(name, placed, m):
    """Every country name stands on its country or beside it: taken back to longitude/latitude,
    a point of the label's box (its corners, edge midpoints or middle, where the label engine
    anchors it) lies within 0.5° of the country's own polygon. A name that a projection carried
    off (Antarctica's outline, wrapped round a conic, covers Siberia) fails here."""
    count = 0
    back = None
    for l in placed:
        layer = QgsProject.instance().mapLayer(l.layerID)
        if layer is None or not l.layerID.startswith("admin_regions"):
            continue
        back = back or QgsCoordinateTransform(m.crs(), layer.crs(), QgsProject.instance())
        country = layer.getFeature(l.featureId)
        r = l.labelRect
        points = []
        for i in range(5):
            for j in range(3):
                try:
                    p = back.transform(QgsPointXY(r.xMinimum() + r.width() * i / 4, r.yMinimum() + r.height() * j / 2))
                except QgsCsException:
                    continue
                # The basemap read for a view across 180° keeps Chukotka at 180° to 191°.
                points += [QgsPointXY(p.x() + shift, p.y()) for shift in (-360, 0, 360)]
        gap = country.geometry().distance(QgsGeometry.fromMultiPointXY(points)) if points else float("inf")
        check(gap <= 0.5, f"{name}: {l.labelText!r} stands {gap:.1f}° from {country['name']}")
        count += 1
    return count


def both_names_checks(folder, out):
    """--labels both: the Russia layout's labels in English and Cyrillic, in the PDF's text too."""
    before = len(FAILURES)
    _, qgs = make_project(folder, "both")
    project = QgsProject.instance()
    check(project.read(qgs), f"cannot read {qgs}")
    name = "Russia and neighbours"
    layout = project.layoutManager().layoutByName(name)
    exporter = QgsLayoutExporter(layout)
    pdf = QgsLayoutExporter.PdfExportSettings()
    pdf.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
    path = os.path.join(out, "russia-both.pdf")
    check(exporter.exportToPdf(path, pdf) == QgsLayoutExporter.Success, f"{name}: PDF export (--labels both)")
    labels = [l for r in exporter.labelingResults().values() for l in r.allLabels()]
    label_checks(name, labels, layout.itemById("map"), "both")
    # Compared without whitespace: a label QGIS places letter by letter (a curved placement) comes out of pdftotext
    # with a space between its letters ("М о н г о л"), which is still the name on the page.
    text = "".join(subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout.split())
    for part in ("Tomtor", "Томторское", "Монгол"):  # a deposit's and a country's local name
        check(part in text, f"{name} (--labels both): {part!r} not in the PDF's text")
    done(before, f"{name} (--labels both): English and Cyrillic names in the PDF's text")


def label_of(project_path, deposit_id):
    project = QgsProject.instance()
    project.read(project_path)
    layer = project.mapLayer("deposits_depomap")
    settings = layer.labeling().settings()
    feature = next(layer.getFeatures(QgsFeatureRequest().setFilterExpression(f"\"id\" = '{deposit_id}'")))
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    context.setFeature(feature)
    return QgsExpression(settings.fieldName).evaluate(context)


EXPORT_LAYOUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "qgis",
                             "export_layout.py")


def export_tool_checks(moved, out):
    """tools/qgis/export_layout.py: the Russia layout to PDF and PNG; a missing layout, a missing
    project, a project moved without its store (exit 1, one line) and an output that is neither
    PDF nor PNG (exit 2) refused."""
    before = len(FAILURES)
    qgs = os.path.join(moved, "atlas.qgs")

    def tool(*args):
        return subprocess.run(["/usr/bin/python3", EXPORT_LAYOUT, *args], capture_output=True, text=True)

    pdf, png = os.path.join(out, "tool-russia.pdf"), os.path.join(out, "tool-russia.png")
    p = tool(qgs, "Russia and neighbours", pdf, png)
    check(p.returncode == 0 and p.stderr == "", f"export_layout: exit {p.returncode}: {p.stderr.strip()[:300]}")
    text = " ".join(subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout.split())
    check(TITLE in text and NAMES["deposits"] in text, "export_layout: the PDF lacks the title or the legend")
    check(not QImage(png).isNull() and abs(QImage(png).width() - 297 / 25.4 * 150) < 2,
          "export_layout: the PNG is not the A4 page at 150 dpi")
    alone = os.path.join(out, "alone")
    os.makedirs(alone, exist_ok=True)
    shutil.copy(qgs, alone)
    for args, code, message in (((qgs, "Mars", pdf), 1, "no layout 'Mars' (it has: World, Russia and neighbours)"),
                                ((os.path.join(out, "none.qgs"), "World", pdf), 1, "cannot read the project"),
                                ((os.path.join(alone, "atlas.qgs"), "World", pdf), 1, "layers QGIS cannot open"),
                                ((qgs, "World", os.path.join(out, "x.svg")), 2, "an output is a .pdf or a .png")):
        p = tool(*args)
        lines = p.stderr.strip().splitlines()
        check(p.returncode == code and message in p.stderr and (code == 2 or len(lines) == 1),
              f"export_layout {args[1]!r} -> exit {p.returncode}, {p.stderr.strip()[:200]!r}")
    done(before, "tools/qgis/export_layout.py: the Russia layout to PDF and PNG; errors refused")


def main():
    app = QgsApplication([], False)
    app.initQgis()
    shutil.rmtree(WORK, ignore_errors=True)
    made = os.path.join(WORK, "made")
    db, qgs = make_project(made, "en")
    counts = store_counts(db)
    written_file_checks(qgs, made)
    # The project and its store move together.
    moved = os.path.join(WORK, "moved")
    os.rename(made, moved)
    project = QgsProject.instance()
    if not check(project.read(os.path.join(moved, "atlas.qgs")), f"cannot read the moved project: {project.error()}"):
        return 1
    layers = layer_checks(project, moved, counts)
    theme_checks(project, layers)
    layouts = layout_checks(project)
    russia_whole_checks(layouts, layers)
    export_checks(layouts, layers, os.path.join(WORK, "out"))
    both_names_checks(os.path.join(WORK, "both"), os.path.join(WORK, "out"))
    export_tool_checks(moved, os.path.join(WORK, "out"))
    # What the label of Tomtor says with each --labels.
    before = len(FAILURES)
    _, local = make_project(os.path.join(WORK, "local"), "local")
    for path, labels, expected in ((os.path.join(moved, "atlas.qgs"), "en", "Tomtor (Buranny site)"),
                                   (local, "local", "Томторское месторождение (участок Буранный)")):
        got = label_of(path, "ru-tomtor")
        check(got == expected, f"--labels {labels}: Tomtor labelled {got!r}")
    done(before, "--labels en, local: Tomtor's label")
    app.exitQgis()
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
