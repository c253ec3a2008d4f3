#!/usr/bin/python3
"""Export a print layout of a QGIS project (one `depomap qgis-project` wrote) to PDF and PNG, headless.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tools/qgis/export_layout.py PROJECT.qgs LAYOUT OUT.pdf|OUT.png... [--dpi N]

LAYOUT is the layout's name ("Russia and neighbours", "World"). A PDF keeps its text as text; a
PNG is drawn at --dpi (default 150). Existing outputs are replaced. tools/quickstart writes
out/russia.pdf and out/russia.png with it; docs/russia.png is that PNG. Exit 0 when every output
is written, 1 when the project, a layer, the layout or an export fails (one line on stderr), 2 on
bad usage.
"""
import argparse
import atexit
import os
import shutil
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("XDG_RUNTIME_DIR"):  # Qt wants one (private, 0700), else warns on stderr
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="export_layout-")
    atexit.register(shutil.rmtree, os.environ["XDG_RUNTIME_DIR"], True)
from osgeo import gdal  # noqa: E402
from qgis.core import QgsApplication, QgsLayoutExporter, QgsProject, QgsRenderContext  # noqa: E402


def export_one(exporter, out, dpi):
    if out.lower().endswith(".pdf"):
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
        settings.dpi = dpi
        return exporter.exportToPdf(out, settings)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    # QGIS then tries to georeference the PNG through GDAL, which cannot update a PNG and says so
    # on stderr: a picture of a page needs no georeference.
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        return exporter.exportToImage(out, settings)
    finally:
        gdal.PopErrorHandler()


def export(project_path, layout_name, outputs, dpi):
    """Writes every output; returns None, or the reason it could not."""
    project = QgsProject.instance()
    if not os.path.isfile(project_path) or not project.read(project_path):
        return f"{project_path}: cannot read the project: {project.error() or 'no such file'}"
    invalid = [l.name() for l in project.mapLayers().values() if not l.isValid()]
    if invalid:
        return f"{project_path}: layers QGIS cannot open (moved without their files?): {', '.join(invalid)}"
    layout = project.layoutManager().layoutByName(layout_name)
    if layout is None:
        names = ", ".join(l.name() for l in project.layoutManager().printLayouts())
        return f"{project_path}: no layout {layout_name!r} (it has: {names or 'none'})"
    exporter = QgsLayoutExporter(layout)
    for out in outputs:
        if export_one(exporter, out, dpi) != QgsLayoutExporter.Success:
            return f"{out}: the export failed ({exporter.errorFile() or 'QGIS gave no reason'})"
    return None


def main():
    parser = argparse.ArgumentParser(description="Export a QGIS print layout to PDF and PNG.")
    parser.add_argument("project")
    parser.add_argument("layout")
    parser.add_argument("outputs", nargs="+", metavar="OUT", help="OUT.pdf or OUT.png")
    parser.add_argument("--dpi", type=int, default=150)
    args = parser.parse_args()
    for out in args.outputs:
        if not out.lower().endswith((".pdf", ".png")):
            parser.error(f"{out}: an output is a .pdf or a .png")
    if not 30 <= args.dpi <= 1200:
        parser.error("--dpi: from 30 to 1200")
    app = QgsApplication([], False)
    app.initQgis()
    error = export(args.project, args.layout, args.outputs, args.dpi)
    app.exitQgis()
    if error:
        print(f"export_layout: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
