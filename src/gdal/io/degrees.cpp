#include "gdal/io/degrees.hpp"

#include <ogr_geometry.h>

#include <charconv>
#include <cmath>

namespace depomap::io {
namespace {

std::string number(double v) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, end);
}

/// Stops at the first point out of degrees.
class FirstProblem final : public OGRDefaultConstGeometryVisitor {
  public:
    using OGRDefaultConstGeometryVisitor::visit;
    void visit(const OGRPoint *point) override {
        if (!problem && !point->IsEmpty()) problem = degrees_problem(point->getX(), point->getY());
    }
    std::optional<std::string> problem;
};

} // namespace

std::optional<std::string> degrees_problem(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) {
        return "non-finite coordinate (" + number(x) + ", " + number(y) + ")";
    }
    if (y < -90 || y > 90) {
        std::string reason = "latitude " + number(y) + " out of range [-90, 90]";
        if (std::abs(x) <= 90 && std::abs(y) <= 180) reason += " (longitude and latitude swapped?)";
        return reason;
    }
    if (x < -180 || x > 180) return "longitude " + number(x) + " out of range [-180, 180]";
    return std::nullopt;
}

std::optional<std::string> degrees_problem(const OGRGeometry &g) {
    FirstProblem visitor;
    g.accept(&visitor);
    return visitor.problem;
}

} // namespace depomap::io
