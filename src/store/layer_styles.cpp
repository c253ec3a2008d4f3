// QGIS's layer_styles table in the store (created with the schema, src/store/store.cpp), as QGIS's
// SpatiaLite provider reads and writes it (docs/QGIS-STYLES.md); and the engine's versions.
#include "depomap/store.hpp"

#include <sqlite3.h>
// sqlite3.h first: spatialite.h uses its types.
#include <spatialite.h>

namespace depomap {

std::optional<std::string> Store::layer_style(std::string_view layer) {
    if (!db_.scalar_int("SELECT count(*) FROM sqlite_master WHERE name = 'layer_styles'")
             .value_or(0))
        return std::nullopt;
    auto stmt = db_.prepare("SELECT styleQML FROM layer_styles WHERE f_table_name = ? "
                            "ORDER BY useAsDefault DESC, update_time DESC LIMIT 1");
    stmt.bind(1, layer);
    if (stmt.step() && !stmt.is_null(0))
        return stmt.column_text(0);
    return std::nullopt;
}

void Store::put_layer_style(std::string_view layer, const std::string &qml,
                            const std::string &description) {
    // Exactly one default style per layer: replace what was there.
    auto remove =
        db_.prepare("DELETE FROM layer_styles WHERE f_table_name=? AND f_geometry_column='geom'");
    remove.bind(1, layer);
    remove.step();
    // NULL catalog and schema: what QGIS's SpatiaLite provider looks up (docs/QGIS-STYLES.md).
    auto insert = db_.prepare(
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
        "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner) "
        "VALUES (NULL, NULL, ?, 'geom', ?, ?, '', 1, ?, 'depomap')");
    insert.bind(1, layer).bind(2, layer).bind(3, qml).bind(4, description);
    insert.step();
}

namespace store {
std::string engine_versions() {
    return std::string("SQLite ") + sqlite3_libversion() + ", SpatiaLite " + spatialite_version();
}
} // namespace store

} // namespace depomap
