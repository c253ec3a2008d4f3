// The store's metadata as a hostile file may hold it: the first line of the input becomes
// depomap_meta's schema_version (any bytes), each further line changes SpatiaLite's layer
// registry (geometry_columns): `NAME|TYPE|DIMS|SRID|INDEXED` updates or adds the row of NAME,
// `-NAME` deletes it. Every way of opening the store then ends in a store or a one-line
// depomap::Error, never a crash: a version that is not a plain positive number is refused with
// "is not a version number", an older one by the readers with the `depomap upgrade` hint, a
// newer one as newer; a store that opens writable takes an insert into each layer or refuses it
// with an Error.
#include "fuzz_support.hpp"

#include "depomap/schema.hpp"

#include <optional>
#include <vector>

namespace {

using depomap::Error;
using depomap::Store;
using depomap::sql::Database;
constexpr const char *target = "store_meta_fuzz";

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == separator) {
            parts.emplace_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

// A fresh store made once per process; each input works on a copy of it.
const std::filesystem::path &template_store() {
    static const std::filesystem::path path = [] {
        const auto p = depomap::fuzz::scratch_dir() / "template.sqlite";
        Store::create(p.string()).close();
        return p;
    }();
    return path;
}

void apply_registry_line(Database &db, const std::string &line) {
    if (line.empty()) return;
    if (line[0] == '-') {
        db.prepare("DELETE FROM geometry_columns WHERE f_table_name = ?").bind(1, line.substr(1)).step();
        return;
    }
    auto f = split(line, '|');
    f.resize(5);
    const auto number = [](const std::string &text) -> depomap::sql::Value {
        if (text.empty()) return nullptr;
        char *end = nullptr;
        const long long value = std::strtoll(text.c_str(), &end, 10);
        if (*end) return text; // SQLite's columns are typed loosely: text goes in as text
        return static_cast<std::int64_t>(value);
    };
    auto stmt = db.prepare("INSERT OR REPLACE INTO geometry_columns (f_table_name, f_geometry_column, "
                           "geometry_type, coord_dimension, srid, spatial_index_enabled) VALUES (?, 'geom', ?, ?, ?, ?)");
    stmt.bind(1, f[0]).bind(2, number(f[1])).bind(3, number(f[2])).bind(4, number(f[3])).bind(5, number(f[4]));
    stmt.step_code(); // a constraint may refuse the row: the registry is then as it was
}

void expect_refusal(const std::string &message, const std::string &path, std::string_view value) {
    depomap::fuzz::expect_one_line(target, message);
    const auto version = depomap::store::parse_schema_version(value);
    if (!version && message.find("is not a version number") == std::string::npos &&
        message.find("not a depomap store") == std::string::npos) {
        depomap::fuzz::broken(target, "schema_version '" + std::string(value) + "' refused as: " + message);
    }
    if (message.find(path) == std::string::npos && !message.starts_with("store is busy") &&
        !message.starts_with("SQL error")) {
        depomap::fuzz::broken(target, "the refusal does not name the store: " + message);
    }
}

void try_writes(Store &store) {
    for (const auto &layer : depomap::schema::layers()) {
        try {
            depomap::sql::Transaction tx(store.db());
            const bool spatial = layer.geometry != depomap::schema::GeometryType::none;
            std::string insert = "INSERT INTO " + depomap::sql::quote_identifier(layer.name) + " (id" +
                                 (spatial ? ", geom) VALUES ('fuzz', " : ") VALUES ('fuzz'");
            if (layer.geometry == depomap::schema::GeometryType::point) insert += "MakePoint(1, 2, 4326)";
            if (layer.geometry == depomap::schema::GeometryType::multipolygon) {
                insert += "CastToMultiPolygon(BuildMbr(0, 0, 1, 1, 4326))";
            }
            insert += ")";
            store.db().exec(insert);
            tx.commit();
        } catch (const Error &e) {
            depomap::fuzz::expect_one_line(target, e.what());
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string input(reinterpret_cast<const char *>(data), size);
    auto lines = split(input, '\n');
    const std::string value = lines.front();
    const auto path = (depomap::fuzz::scratch_dir() / "s.sqlite").string();
    std::filesystem::copy_file(template_store(), path, std::filesystem::copy_options::overwrite_existing);
    {
        auto db = Database::open(path, Database::Mode::read_write);
        db.prepare("UPDATE depomap_meta SET value = ? WHERE key = 'schema_version'").bind(1, value).step();
        for (std::size_t i = 1; i < lines.size(); ++i) apply_registry_line(db, lines[i]);
        db.close();
    }
    const auto version = depomap::store::parse_schema_version(value);
    for (const auto access : {Store::Access::inspect, Store::Access::read_only, Store::Access::read_write}) {
        try {
            auto store = Store::open(path, access);
            if (!version) depomap::fuzz::broken(target, "opened with schema_version '" + value + "'");
            const int seen = store.schema_version();
            if (access == Store::Access::read_write ? seen != depomap::schema::current_version : seen != *version) {
                depomap::fuzz::broken(target, "schema version " + std::to_string(seen) + " read after '" + value + "'");
            }
            store.layer_info();
            if (access == Store::Access::read_write) try_writes(store);
            store.close();
        } catch (const Error &e) {
            expect_refusal(e.what(), path, value);
            if (version && *version == depomap::schema::current_version && access != Store::Access::read_write) {
                // The version is fine: only a broken registry may be refused, and only by SQL.
                if (std::string_view(e.what()).find("schema version") != std::string_view::npos) {
                    depomap::fuzz::broken(target, "current version refused: " + std::string(e.what()));
                }
            }
        }
    }
    return 0;
}
