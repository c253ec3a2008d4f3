#include "io/output_fit.hpp"

#include "depomap/schema.hpp"

namespace depomap::io {

std::vector<std::string> reserved_field_names(std::string_view driver, OGRwkbGeometryType geometry) {
    if (geometry == wkbNone) return {};
    if (driver == "GPKG" || driver == "SQLite") return {std::string(schema::geometry_column)};
    if (driver == "CSV") {
        if (wkbFlatten(geometry) != wkbPoint) return {"WKT"};
        if (OGR_GT_HasZ(geometry)) return {"X", "Y", "Z"};
        return {"X", "Y"};
    }
    return {};
}

std::string driver_field_name(std::string_view driver, std::string name) {
    if (driver != "SQLite") return name;
    for (auto &c : name) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c == '\'' || c == '-' || c == '#') c = '_';
    }
    return name;
}

} // namespace depomap::io
