#!/usr/bin/python3
"""Draw a depomap QGIS project headless the way `depomap render --view world` draws a store.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tools/bench/render_qgis.py PROJECT.qgs OUT.png W H

Equal Earth, the whole world, the map W x H pixels, every layer of the project with its style and
labels; prints the seconds the drawing took (project read excluded) as `draw_s=...`.
"""
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,  # noqa: E402
                       QgsMapRendererParallelJob, QgsMapSettings, QgsProject, QgsRectangle)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    project_path, png, width, height = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    if not project.read(project_path):
        print(f"cannot read {project_path}", file=sys.stderr)
        return 1
    crs = QgsCoordinateReferenceSystem.fromProj("+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs")
    if not crs.isValid():
        print("QGIS does not know Equal Earth", file=sys.stderr)
        return 1
    settings = QgsMapSettings()
    settings.setLayers(project.layerTreeRoot().layerOrder())
    settings.setDestinationCrs(crs)
    settings.setTransformContext(project.transformContext())
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    extent = QgsCoordinateTransform(wgs84, crs, project).transformBoundingBox(QgsRectangle(-180, -90, 180, 90))
    settings.setExtent(extent)
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor("#ffffff"))
    start = time.monotonic()
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    ok = image.save(png, "PNG")
    print(f"draw_s={time.monotonic() - start:.3f}")
    app.exitQgis()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
