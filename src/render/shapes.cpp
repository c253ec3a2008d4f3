#include "render/shapes.hpp"

#include "depomap/error.hpp"

#include <cmath>
#include <sstream>

namespace depomap::render {

namespace {

constexpr double pi = 3.14159265358979323846;

/// `n` points on a circle of radius r, the first straight up (as QGIS draws its polygons).
Polygon regular(int n, double r = 1.0, double start = 0.0) {
    Polygon p;
    for (int i = 0; i < n; ++i) {
        const double a = start + 2 * pi * i / n;
        p.emplace_back(r * std::sin(a), -r * std::cos(a));
    }
    return p;
}

} // namespace

Polygon shape_outline(const std::string &shape) {
    if (shape == "square") return {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
    if (shape == "diamond") return {{0, -1}, {1, 0}, {0, 1}, {-1, 0}};
    if (shape == "triangle") return {{0, -1}, {1, 1}, {-1, 1}};
    if (shape == "pentagon") return regular(5);
    if (shape == "hexagon") return regular(6, 1.0, pi / 6);
    if (shape == "circle") return regular(48);
    if (shape == "star") {
        // QGIS's star: five points, inner radius 0.3819 of the outer.
        Polygon outer = regular(5), inner = regular(5, 0.3819, pi / 5), p;
        for (int i = 0; i < 5; ++i) {
            p.push_back(outer[i]);
            p.push_back(inner[i]);
        }
        return p;
    }
    throw Error("symbology: unknown marker shape \"" + shape + "\"");
}

std::string shape_svg(const std::string &shape, double size, const std::string &fill, double fill_opacity,
                      const std::string &stroke, double stroke_width) {
    const double canvas = std::ceil(size + 2 * stroke_width + 2), c = canvas / 2;
    std::ostringstream svg;
    svg << R"(<svg xmlns="http://www.w3.org/2000/svg" width=")" << canvas << "\" height=\"" << canvas
        << "\"><path d=\"";
    const char *command = "M";
    for (const auto &[x, y] : shape_outline(shape)) {
        svg << command << c + x * size / 2 << ' ' << c + y * size / 2 << ' ';
        command = "L";
    }
    svg << "Z\" fill=\"" << fill << "\" fill-opacity=\"" << fill_opacity << '"';
    if (stroke_width > 0) svg << " stroke=\"" << stroke << "\" stroke-width=\"" << stroke_width << "\" stroke-linejoin=\"round\"";
    else svg << " stroke=\"none\"";
    svg << "/></svg>";
    return svg.str();
}

} // namespace depomap::render
