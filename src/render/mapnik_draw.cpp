#include "render/mapnik_draw.hpp"

#include "depomap/error.hpp"
#include "render_config.hpp" // generated: Mapnik's plugin folder, the fonts' folder

#include <mapnik/agg_renderer.hpp>
#include <mapnik/cairo/cairo_context.hpp>
#include <mapnik/cairo/cairo_renderer.hpp>
#include <mapnik/datasource_cache.hpp>
#include <mapnik/debug.hpp>
#include <mapnik/font_engine_freetype.hpp>
#include <mapnik/image.hpp>
#include <mapnik/label_collision_detector.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>
#include <mapnik/unicode.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <unicode/unistr.h>

namespace depomap::render {

namespace {

namespace fs = std::filesystem;

/// A folder from the environment (for a relocated install) or the one found at build time.
std::string folder(const char *variable, const char *built_in) {
    const char *env = std::getenv(variable);
    return env && *env ? env : built_in;
}

/// Mapnik reads markers from files: the site markers are written for each map to a folder of
/// their own, removed when the map is drawn.
class MarkerFolder {
  public:
    explicit MarkerFolder(const MapSpec &spec) {
        std::string tmpl = (fs::temp_directory_path() / "depomap-markers-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw Error("cannot make a temporary folder in " + fs::temp_directory_path().string());
        dir_ = tmpl;
        for (const auto &[name, svg] : site_marker_files(spec)) std::ofstream(dir_ / name) << svg;
    }
    MarkerFolder(const MarkerFolder &) = delete;
    MarkerFolder &operator=(const MarkerFolder &) = delete;
    ~MarkerFolder() {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }
    const fs::path &dir() const { return dir_; }

  private:
    fs::path dir_;
};

void setup_mapnik() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Mapnik's own messages name no file of the user's: its errors come as exceptions.
        mapnik::logger::instance().set_severity(mapnik::logger::none);
        const std::string plugins = folder("DEPOMAP_MAPNIK_PLUGINS", DEPOMAP_MAPNIK_PLUGINS);
        if (!mapnik::datasource_cache::instance().register_datasources(plugins))
            throw Error("Mapnik's input plugins not found in " + plugins + " (set DEPOMAP_MAPNIK_PLUGINS)");
        const std::string fonts = folder("DEPOMAP_FONT_DIR", DEPOMAP_FONT_DIR);
        if (!mapnik::freetype_engine::register_fonts(fonts, true))
            throw Error("no fonts found in " + fonts + " (DejaVu is needed; set DEPOMAP_FONT_DIR)");
    });
}

std::string utf8(const mapnik::value_unicode_string &s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

struct SurfaceFree {
    void operator()(cairo_surface_t *s) const { cairo_surface_destroy(s); }
};

/// Mapnik's AGG renderer for a picture made of pixels: it draws a million markers several times
/// faster than Cairo does. Its RGBA image (straight alpha) is painted onto the page at (0, 0).
void draw_raster(cairo_t *cr, const mapnik::Map &map, std::shared_ptr<mapnik::label_collision_detector4> detector,
                 int w, int h) {
    mapnik::image_rgba8 image(w, h);
    mapnik::agg_renderer<mapnik::image_rgba8> renderer(map, image, std::move(detector), 1.0, 0, 0);
    renderer.apply();
    std::unique_ptr<cairo_surface_t, SurfaceFree> surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h));
    cairo_surface_flush(surface.get());
    unsigned char *data = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    for (int y = 0; y < h; ++y) {
        const std::uint32_t *in = image.get_row(y);
        auto *out = reinterpret_cast<std::uint32_t *>(data + std::ptrdiff_t(y) * stride);
        for (int x = 0; x < w; ++x) {
            const std::uint32_t p = in[x]; // bytes R, G, B, A in memory
            const std::uint32_t r = p & 0xff, g = (p >> 8) & 0xff, b = (p >> 16) & 0xff, a = p >> 24;
            const auto pre = [a](std::uint32_t c) { return (c * a + 127) / 255; };
            out[x] = (a << 24) | (pre(r) << 16) | (pre(g) << 8) | pre(b); // Cairo: premultiplied ARGB
        }
    }
    cairo_surface_mark_dirty(surface.get());
    cairo_set_source_surface(cr, surface.get(), 0, 0);
    cairo_paint(cr);
}

} // namespace

DrawnMap draw_map(cairo_t *cr, const MapSpec &spec, const std::array<double, 4> &bounds, int x, int y, int w, int h) {
    setup_mapnik();
    mapnik::Map map(w, h);
    MapSpec with_shapes = spec;
    const MarkerFolder markers(spec);
    with_shapes.shape_dir = markers.dir().string();
    const std::string xml = mapnik_xml(with_shapes);
    try {
        mapnik::load_map_string(map, xml, true);
        map.zoom_to_box(mapnik::box2d<double>(bounds[0], bounds[1], bounds[2], bounds[3]));
        cairo_save(cr);
        cairo_translate(cr, x, y);
        cairo_rectangle(cr, 0, 0, w, h);
        cairo_clip(cr);
        auto detector = std::make_shared<mapnik::label_collision_detector4>(mapnik::box2d<double>(0, 0, w, h));
        if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE) {
            draw_raster(cr, map, detector, w, h);
        } else { // SVG and PDF keep vectors and text
            mapnik::cairo_ptr context(cairo_reference(cr), mapnik::cairo_closer());
            mapnik::cairo_renderer<mapnik::cairo_ptr> renderer(map, context, detector, 1.0, 0, 0);
            renderer.apply();
        }
        cairo_restore(cr);
        DrawnMap drawn;
        const auto e = map.get_current_extent();
        drawn.extent = {e.minx(), e.miny(), e.maxx(), e.maxy()};
        for (auto it = detector->begin(); it != detector->end(); ++it) {
            const auto &label = it->get();
            if (label.text.isEmpty()) continue; // a marker's box
            drawn.labels.push_back({utf8(label.text), label.box.minx() + x, label.box.miny() + y,
                                    label.box.maxx() + x, label.box.maxy() + y});
        }
        return drawn;
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        throw Error(std::string("Mapnik: ") + e.what());
    }
}

} // namespace depomap::render
