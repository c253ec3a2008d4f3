#pragma once
// What depomap draws around the map (Mapnik draws none of it): title, legend, scale bar and
// attribution, with Cairo on the page the map is drawn on. Text stays text in PDF and SVG.
#include <cairo.h>

#include <string>
#include <vector>

namespace depomap::render {

struct Frame {
    double scale = 1;      ///< page width / 1600: every length of the frame is multiplied by it
    double px_per_mm = 4.5;
    double width = 1600, height = 1100;
    std::string title, subtitle, attribution;
    std::vector<std::string> layers; ///< the store layers drawn: the legend shows those
    bool links = false;
    double scale_bar_px = 0;         ///< the scale bar's length on the page, 0: none
    std::string scale_bar_label;     ///< "500 km"
    std::string projection;          ///< "Equal Earth", for the scale bar's note
};

/// The page's bands: the title above the map, the legend and attribution below it.
double title_band(const Frame &f);
double legend_band(const Frame &f);

void draw_frame(cairo_t *cr, const Frame &f, double map_x, double map_y, double map_w, double map_h);

} // namespace depomap::render
