#include "store/spatial_sql.hpp"

#include <charconv>
#include <exception>
#include <limits>

namespace depomap::store {
namespace {

using sql::quote_identifier;

const std::string geom = quote_identifier(schema::geometry_column);

/// The shortest text that reads back as `v`.
std::string number(double v) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, end);
}

/// SpatiaLite's R*Tree of `layer`'s geometry column (CreateSpatialIndex names it so).
std::string rtree(const schema::Layer &layer) {
    return quote_identifier("idx_" + std::string(layer.name) + "_" +
                            std::string(schema::geometry_column));
}

} // namespace

std::string wkb_sql() { return "AsBinary(" + geom + ")"; }

std::string representative_point_sql(const schema::Layer &layer) {
    return layer.geometry == schema::GeometryType::point ? geom : "ST_PointOnSurface(" + geom + ")";
}

std::string x_sql() { return "ST_X(" + geom + ")"; }
std::string y_sql() { return "ST_Y(" + geom + ")"; }
std::string planar_area_sql() { return "ST_Area(" + geom + ")"; }

std::string in_box_sql(const schema::Layer &layer, int first) {
    const auto p = [first](int i) { return "?" + std::to_string(first + i); };
    return "fid IN (SELECT pkid FROM " + rtree(layer) + " WHERE xmax >= " + p(0) +
           " AND xmin <= " + p(1) + " AND ymax >= " + p(2) + " AND ymin <= " + p(3) + ")";
}

void bind_box(sql::Statement &stmt, int first, const Box &box) {
    stmt.bind(first, box.min_x)
        .bind(first + 1, box.max_x)
        .bind(first + 2, box.min_y)
        .bind(first + 3, box.max_y);
}

std::optional<WkbGeometry> read_wkb(sql::Database &db, const schema::Layer &layer,
                                    std::string_view id) {
    auto stmt = db.prepare("SELECT " + wkb_sql() + ", MbrMinX(" + geom + "), MbrMinY(" + geom +
                           "), MbrMaxX(" + geom + "), MbrMaxY(" + geom + ") FROM " +
                           quote_identifier(layer.name) + " WHERE id = ?1");
    stmt.bind(1, id);
    if (!stmt.step() || stmt.is_null(0))
        return std::nullopt;
    const auto wkb = stmt.column_blob(0);
    return WkbGeometry{{wkb.begin(), wkb.end()},
                       {stmt.column_double(1), stmt.column_double(2), stmt.column_double(3),
                        stmt.column_double(4)}};
}

std::vector<Box> part_boxes(sql::Database &db, const schema::Layer &layer, std::string_view id) {
    const auto table = quote_identifier(layer.name);
    auto parts =
        db.prepare("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                   "(SELECT ST_NumGeometries(" +
                   geom + ") FROM " + table +
                   " WHERE id = ?1)) "
                   "SELECT MbrMinX(p), MbrMinY(p), MbrMaxX(p), MbrMaxY(p) FROM "
                   "(SELECT GeometryN(" +
                   geom + ", i) AS p FROM " + table +
                   ", n WHERE id = ?1) "
                   "WHERE p IS NOT NULL");
    parts.bind(1, id);
    std::vector<Box> boxes;
    while (parts.step()) {
        boxes.push_back({parts.column_double(0), parts.column_double(1), parts.column_double(2),
                         parts.column_double(3)});
    }
    return boxes;
}

std::vector<std::string> antimeridian_seams_wkt(sql::Database &db, const schema::Layer &layer) {
    auto seams = db.prepare(
        "SELECT AsText(ExtractMultiLinestring(ST_Intersection(ST_Boundary(" + geom +
        "), GeomFromText('MULTILINESTRING((180 -90, 180 90), (-180 -90, -180 90))', 4326)))) "
        "FROM " +
        quote_identifier(layer.name) + " WHERE MbrMinX(" + geom + ") <= -180 OR MbrMaxX(" + geom +
        ") >= 180");
    std::vector<std::string> wkt;
    while (seams.step())
        if (auto text = seams.column_text(0); !text.empty())
            wkt.push_back(std::move(text));
    return wkt;
}

std::string map_view_sql(const schema::Layer &layer, double latitude,
                         bool join_across_antimeridian) {
    std::string columns = "fid";
    for (const auto &c : layer.columns)
        columns += ", " + std::string(c.name);
    std::string shown = "geom";
    if (join_across_antimeridian) {
        const std::string shifted = "ST_Shift_Longitude(geom)";
        shown = "CASE WHEN MbrMinX(geom) < -179.5 AND MbrMaxX(geom) > 179.5 THEN "
                "coalesce(CastToMultiPolygon("
                "ST_UnaryUnion(ST_Collect(" +
                shifted + ", ST_Intersection(ST_Buffer(ST_Intersection(" + shifted +
                ", BuildMbr(179.5, -90, 180.5, 90, 4326)), 0.15), BuildMbr(179.85, -90, 180.15, "
                "90, 4326))))), geom) "
                "ELSE geom END";
    }
    return "(SELECT " + columns + ", " + shown + " AS geom FROM " + std::string(layer.name) +
           " WHERE MbrMaxY(geom) >= " + number(latitude) + ")";
}

bool stored_in_id_order(const std::string &path, const std::string &table) {
    try {
        auto db = sql::Database::open(path, sql::Database::Mode::read_only);
        db.exec("PRAGMA mmap_size=1073741824");
        auto stmt = db.prepare("SELECT rowid FROM " + sql::quote_identifier(table) + " ORDER BY id");
        std::int64_t previous = std::numeric_limits<std::int64_t>::min();
        while (stmt.step()) {
            const std::int64_t rowid = stmt.column_int(0);
            if (rowid < previous) return false;
            previous = rowid;
        }
        return true;
    } catch (const std::exception &) {
        return false;
    }
}

} // namespace depomap::store
