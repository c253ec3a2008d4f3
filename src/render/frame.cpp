#include "render/frame.hpp"

#include "render/map_xml.hpp"
#include "render/shapes.hpp"
#include "render/symbology.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace depomap::render {

namespace {

constexpr double pi = 3.14159265358979323846;

void set_colour(cairo_t *cr, const std::string &hex, double alpha = 1.0) {
    const Rgb c = parse_colour(hex);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

void font(cairo_t *cr, double size, bool bold = false, bool italic = false) {
    cairo_select_font_face(cr, "DejaVu Sans", italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

void text(cairo_t *cr, double x, double y, const std::string &s) {
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s.c_str());
}

double text_width(cairo_t *cr, const std::string &s) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, s.c_str(), &e);
    return e.x_advance;
}

void shape_path(cairo_t *cr, const std::string &shape, double cx, double cy, double size) {
    cairo_new_path(cr);
    const auto outline = shape_outline(shape);
    for (std::size_t i = 0; i < outline.size(); ++i) {
        const double x = cx + outline[i].first * size / 2, y = cy + outline[i].second * size / 2;
        if (i == 0) cairo_move_to(cr, x, y);
        else cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
}

void fill_and_stroke(cairo_t *cr, const std::string &fill, double opacity, const std::string &stroke, double width) {
    set_colour(cr, fill, opacity);
    cairo_fill_preserve(cr);
    set_colour(cr, stroke);
    cairo_set_line_width(cr, width);
    cairo_stroke(cr);
}

/// A legend column: its heading, then one row per entry; returns the y below the last row.
struct Column {
    cairo_t *cr;
    const Frame &f;
    double x, y;
    double row() const { return 21 * f.scale; }
    void heading(const std::string &s) {
        set_colour(cr, "#1a1a1a");
        font(cr, 14 * f.scale, true);
        text(cr, x, y, s);
        y += 22 * f.scale;
    }
    /// The entry's label beside its symbol; the symbol is drawn centred on (x + 12, y - 5).
    void label(const std::string &s) {
        set_colour(cr, "#1a1a1a");
        font(cr, 13 * f.scale);
        text(cr, x + 28 * f.scale, y, s);
        y += row();
    }
    double sx() const { return x + 11 * f.scale; }
    double sy() const { return y - 5 * f.scale; }
};

void deposits_legend(Column &c, const Symbology &s) {
    const double k = c.f.px_per_mm;
    c.heading(s.title("deposits"));
    for (const auto &d : s.deposit_classes) {
        cairo_new_path(c.cr);
        cairo_arc(c.cr, c.sx(), c.sy(), 3.6 * k / 2, 0, 2 * pi);
        fill_and_stroke(c.cr, d.fill, d.opacity, d.outline == "#ffffff" ? "#6e6e6e" : d.outline, d.outline_mm * k);
        c.label(d.label);
    }
}

void size_legend(Column &c, const Symbology &s) {
    const double k = c.f.px_per_mm;
    c.heading(s.size_legend_title + " (circle area)");
    // The circles side by side on one baseline, each with its figure below, smallest first.
    const double largest = s.deposit_size_mm(s.size_legend.front().first, true) * k;
    const double base = c.y + largest - 8 * c.f.scale;
    double x = c.x + 2 * c.f.scale;
    font(c.cr, 12 * c.f.scale);
    for (auto it = s.size_legend.rbegin(); it != s.size_legend.rend(); ++it) {
        const double d = s.deposit_size_mm(it->first, true) * k, cx = x + std::max(d, 40 * c.f.scale) / 2;
        cairo_new_path(c.cr);
        cairo_arc(c.cr, cx, base - d / 2, d / 2, 0, 2 * pi);
        fill_and_stroke(c.cr, "#a0a0a0", 0.35, "#6e6e6e", 0.3 * k);
        set_colour(c.cr, "#1a1a1a");
        text(c.cr, cx - text_width(c.cr, it->second) / 2, base + 16 * c.f.scale, it->second);
        x += std::max(d, 40 * c.f.scale) + 12 * c.f.scale;
    }
    c.y = base + 40 * c.f.scale;
    cairo_new_path(c.cr);
    cairo_arc(c.cr, c.sx(), c.sy(), s.size_null_mm * k / 2, 0, 2 * pi);
    fill_and_stroke(c.cr, "#a0a0a0", 0.9, "#6e6e6e", 0.3 * k);
    c.label("no published figure");
}

void sites_legend(Column &c, const Symbology &s) {
    const double k = c.f.px_per_mm;
    c.heading(s.title("processing_sites"));
    for (const auto &site : s.site_classes) {
        shape_path(c.cr, site.shape, c.sx(), c.sy(), std::min(site.size_mm, 4.2) * k);
        fill_and_stroke(c.cr, site.fill, 1.0, site.outline, s.site_outline_mm * k);
        c.label(site.label);
    }
}

void areas_links_legend(Column &c, const Symbology &s) {
    const double k = c.f.px_per_mm;
    if (std::find(c.f.layers.begin(), c.f.layers.end(), "reserve_areas") != c.f.layers.end()) {
        c.heading(s.title("reserve_areas"));
        cairo_new_path(c.cr);
        cairo_rectangle(c.cr, c.sx() - 9 * c.f.scale, c.sy() - 6 * c.f.scale, 18 * c.f.scale, 12 * c.f.scale);
        fill_and_stroke(c.cr, s.reserve_colour, 0.2, s.reserve_colour, 0.45 * k);
        c.label("outline or licence area");
        c.y += 8 * c.f.scale;
    }
    if (!c.f.links) return;
    c.heading(s.title("supply_links"));
    for (const auto &l : s.link_classes) {
        cairo_new_path(c.cr);
        cairo_move_to(c.cr, c.sx() - 11 * c.f.scale, c.sy());
        cairo_line_to(c.cr, c.sx() + 11 * c.f.scale, c.sy());
        set_colour(c.cr, l.colour);
        cairo_set_line_width(c.cr, l.width_mm * k);
        cairo_stroke(c.cr);
        const auto km = [](double v) { return std::to_string(static_cast<long>(v)); };
        c.label(l.upper >= 20000 ? km(l.lower) + " km or more" : km(l.lower) + "–" + km(l.upper) + " km");
    }
}

void scale_bar(Column &c) {
    if (c.f.scale_bar_px <= 0) return;
    c.heading("Scale");
    const double h = 6 * c.f.scale, x = c.x + 2 * c.f.scale, y = c.y - 10 * c.f.scale;
    for (int i = 0; i < 4; ++i) {
        cairo_rectangle(c.cr, x + c.f.scale_bar_px * i / 4, y, c.f.scale_bar_px / 4, h);
        set_colour(c.cr, i % 2 ? "#ffffff" : "#1a1a1a");
        cairo_fill_preserve(c.cr);
        set_colour(c.cr, "#1a1a1a");
        cairo_set_line_width(c.cr, 1 * c.f.scale);
        cairo_stroke(c.cr);
    }
    font(c.cr, 12 * c.f.scale);
    text(c.cr, x, y + h + 16 * c.f.scale, "0");
    text(c.cr, x + c.f.scale_bar_px - text_width(c.cr, c.f.scale_bar_label) / 2, y + h + 16 * c.f.scale,
         c.f.scale_bar_label);
    c.y += 26 * c.f.scale;
    font(c.cr, 11 * c.f.scale, false, true);
    set_colour(c.cr, "#555555");
    text(c.cr, c.x, c.y, "at the map's centre");
    text(c.cr, c.x, c.y + 16 * c.f.scale, c.f.projection);
}

} // namespace

double title_band(const Frame &f) { return (f.subtitle.empty() ? 56 : 76) * f.scale; }
double legend_band(const Frame &f) { return (f.links ? 200 : 196) * f.scale + 30 * f.scale; }

void draw_frame(cairo_t *cr, const Frame &f, double map_x, double map_y, double map_w, double map_h) {
    const Symbology &s = symbology();
    cairo_save(cr);
    set_colour(cr, "#8a8a8a");
    cairo_set_line_width(cr, 1 * f.scale);
    cairo_rectangle(cr, map_x, map_y, map_w, map_h);
    cairo_stroke(cr);
    set_colour(cr, "#1a1a1a");
    font(cr, 26 * f.scale, true);
    text(cr, map_x, 36 * f.scale, f.title);
    if (!f.subtitle.empty()) {
        set_colour(cr, "#444444");
        font(cr, 15 * f.scale);
        text(cr, map_x, 62 * f.scale, f.subtitle);
    }
    const bool has_deposits = std::find(f.layers.begin(), f.layers.end(), "deposits") != f.layers.end();
    const bool has_sites = std::find(f.layers.begin(), f.layers.end(), "processing_sites") != f.layers.end();
    const double top = map_y + map_h + 30 * f.scale, column = (map_w - 10 * f.scale) / 5;
    // The legend's columns, left to right, each for a layer the map shows.
    using Legend = void (*)(Column &, const Symbology &);
    std::vector<Legend> legends;
    if (has_deposits) legends.insert(legends.end(), {deposits_legend, size_legend});
    if (has_sites) legends.push_back(sites_legend);
    legends.push_back(areas_links_legend);
    double x = map_x + 4 * f.scale;
    for (const Legend legend : legends) {
        Column c{cr, f, x, top};
        legend(c, s);
        x += column;
    }
    Column e{cr, f, std::max(x, map_x + map_w - column + 20 * f.scale), top}; // the scale bar
    scale_bar(e);
    set_colour(cr, "#555555");
    font(cr, 11.5 * f.scale);
    text(cr, map_x, f.height - 12 * f.scale, f.attribution);
    cairo_restore(cr);
}

} // namespace depomap::render
