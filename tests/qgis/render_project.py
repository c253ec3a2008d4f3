#!/usr/bin/python3
"""Open a .qgs project in QGIS (headless) and render it to a PNG.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/render_project.py PROJECT.qgs OUT.png

Checks: the project reads, every layer is valid and has features, the styled layers keep the
renderer of styles/ (not singleSymbol), the project CRS is EPSG:4326, and the image is not blank.
Exit 0 when all hold, 1 otherwise.
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings,  # noqa: E402
                       QgsProject)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    project_path, png = sys.argv[1:3]
    app = QgsApplication([], False)
    app.initQgis()
    failures = []
    project = QgsProject.instance()
    if not project.read(project_path):
        print(f"FAIL cannot read {project_path}: {project.error()}")
        return 1
    if project.crs().authid() != "EPSG:4326":
        failures.append(f"project CRS {project.crs().authid()}")
    root = project.layerTreeRoot()
    order = [l.name() for l in root.layerOrder()]
    if order != ["processing_sites", "deposits", "reserve_areas", "admin_regions"]:
        failures.append(f"layer order {order}")
    for layer in root.layerOrder():
        if not layer.isValid():
            failures.append(f"{layer.name()} not valid")
            continue
        kind = layer.renderer().type()
        if layer.featureCount() <= 0:
            failures.append(f"{layer.name()} has no features")
        if kind == "singleSymbol" and layer.name() != "admin_regions":
            failures.append(f"{layer.name()} renderer {kind}")
        print(f"  {layer.name()}: {layer.featureCount()} features, {kind}, {layer.crs().authid()}")
    settings = QgsMapSettings()
    settings.setLayers(root.layerOrder())
    settings.setDestinationCrs(project.crs())
    canvas = project.viewSettings().defaultViewExtent()
    settings.setExtent(canvas if not canvas.isEmpty() else project.layerTreeRoot().layerOrder()[1].extent())
    settings.setOutputSize(QSize(1600, 1000))
    settings.setBackgroundColor(QColor("#dde8f0"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if not image.save(png, "PNG"):
        failures.append(f"cannot save {png}")
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)}
    if len(colours) < 5:
        failures.append("the image is nearly blank")
    for f in failures:
        print("FAIL", f)
    if not failures:
        print(f"ok {project_path} -> {png}")
    app.exitQgis()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
