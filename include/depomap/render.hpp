#pragma once
// A finished map picture of a store without QGIS: Mapnik draws the layers with the shipped
// symbology (styles/symbology.json, the same that makes the QGIS styles), depomap draws the title,
// legend, scale bar and attribution around it on the same Cairo surface. PNG, SVG or PDF.
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace depomap::render {

enum class Format { png, svg, pdf };
enum class Labels { en, local, both };

struct Options {
    std::string db;
    std::string output;
    std::optional<Format> format;                ///< unset: from the output's extension
    std::string view = "world";                  ///< world | russia | an admin region of the store (ignored with a bbox)
    std::optional<std::array<double, 4>> bbox;   ///< W,S,E,N in degrees; E < W crosses 180°
    std::string t_srs;                           ///< empty: the view's projection
    int width = 1600;                            ///< the whole picture, in pixels (points for PDF/SVG)
    int height = 1100;
    std::string title;                           ///< empty: a title naming the view
    Labels labels = Labels::en;
    std::vector<std::string> layers;             ///< empty: every map layer the store has
    bool links = false;                          ///< lines from each deposit to its nearest plant
    bool overwrite = false;                      ///< replace an existing picture
};

/// A label Mapnik placed, its box on the page in pixels.
struct LabelBox {
    std::string text;
    double x0, y0, x1, y1;
};

/// What was drawn where: enough for a caller (or a test) to find a place on the picture.
struct Result {
    std::string crs;                     ///< the map's CRS as PROJ understood it
    std::array<double, 4> map_rect{};    ///< the map's frame on the page: x, y, width, height (px)
    std::array<double, 4> extent{};      ///< the map's extent in that CRS: minx, miny, maxx, maxy
    std::vector<std::string> layers;     ///< the store's layers drawn, bottom first
    std::vector<LabelBox> labels;        ///< every label placed on the map
    Format format = Format::png;
};

/// The views Options::view knows, in the order a program lists them.
std::vector<std::string> view_names();
/// The format an output path asks for by its extension (.png, .svg, .pdf); throws Error otherwise.
Format format_from_path(const std::string &path);
/// Parses "W,S,E,N" in degrees; throws Error when it is not four numbers in range.
std::array<double, 4> parse_bbox(const std::string &text);

/// Draws the map and writes it to options.output (through a temporary file beside it, renamed
/// into place: a failure leaves no half-written picture). Throws Error with the reason.
Result render_map(const Options &options);

} // namespace depomap::render
