#include "gdal/load/country.hpp"

#include "depomap/error.hpp"
#include "depomap/sqlite.hpp"
#include "depomap/store.hpp"
#include "gdal/io/source_check.hpp"
#include "store/spatial_sql.hpp"
#include "util/fold.hpp"
#include "util/text.hpp"

#include <ogr_api.h>

#include <algorithm>
#include <cctype>

namespace depomap::loading {

bool looks_like_iso3(std::string_view text) {
    return text.size() == 3 && std::ranges::all_of(text, [](char c) { return c >= 'A' && c <= 'Z'; });
}

CountryNames::CountryNames(const std::filesystem::path &table) {
    const auto rows = io::read_csv_rows(table.string());
    if (rows.empty() || rows.front() != std::vector<std::string>{"name", "iso3"})
        throw Error(table.string() + ": not a country name table (its header is not name,iso3)");
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto &row = rows[r];
        if (row.size() != 2 || !looks_like_iso3(row[1]))
            throw Error(table.string() + ": line " + std::to_string(r + 1) + " is not name,iso3");
        by_name_.emplace(util::fold_name(row[0]), row[1]);
        codes_.insert(row[1]);
    }
}

std::optional<std::string> CountryNames::code(std::string_view text) const {
    text = util::trim(text);
    if (text.size() == 3) {
        std::string upper(text);
        for (auto &c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (codes_.contains(upper)) return upper;
    }
    if (const auto it = by_name_.find(util::fold_name(text)); it != by_name_.end()) return it->second;
    return std::nullopt;
}

struct CountryLocator::Country {
    std::string code;
    std::unique_ptr<OGRGeometry> geometry;
    OGREnvelope box;
    OGRPreparedGeometryUniquePtr prepared; ///< refers to geometry, so declared after it
};

CountryLocator::CountryLocator(Store &store) {
    const std::string none =
        option_ref("assign_country") +
        ": the store has no admin regions to find countries in (load a layer of them into "
        "admin_regions, or make the store with the atlas)";
    // Every store has the layer (schema version 1); it may be empty. Countries when the layer has them; a layer of regions alone (each with its country's
    // code) answers as well.
    auto stmt = store.db().prepare(
        "SELECT country_iso3, " + store::wkb_sql() + " FROM admin_regions WHERE geom IS NOT NULL AND "
        "country_iso3 IS NOT NULL AND country_iso3 <> '' AND (level = 'country' OR NOT EXISTS "
        "(SELECT 1 FROM admin_regions WHERE level = 'country' AND geom IS NOT NULL))");
    while (stmt.step()) {
        const auto wkb = stmt.column_blob(1);
        OGRGeometry *g = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || !g)
            continue;
        auto country = std::make_unique<Country>();
        country->code = stmt.column_text(0);
        country->geometry.reset(g);
        g->getEnvelope(&country->box);
        country->prepared.reset(OGRCreatePreparedGeometry(OGRGeometry::ToHandle(g)));
        if (!country->prepared) throw Error("cannot prepare the polygon of admin region " + country->code);
        countries_.push_back(std::move(country));
    }
    if (countries_.empty()) throw Error(none);
}

CountryLocator::~CountryLocator() = default;

std::string CountryLocator::at(double x, double y) {
    std::unique_ptr<OGRPoint> point;
    for (const auto &c : countries_) {
        if (x < c->box.MinX || x > c->box.MaxX || y < c->box.MinY || y > c->box.MaxY) continue;
        if (!point) point = std::make_unique<OGRPoint>(x, y);
        // Intersects, not contains: a point on the border is inside.
        if (OGRPreparedGeometryIntersects(c->prepared.get(), OGRGeometry::ToHandle(point.get()))) return c->code;
    }
    return "";
}

std::string CountryLocator::at(const OGRGeometry &geometry) {
    if (wkbFlatten(geometry.getGeometryType()) == wkbPoint) {
        const auto &p = *geometry.toPoint();
        return at(p.getX(), p.getY());
    }
    OGRGeometryH inside = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry *>(&geometry)));
    if (!inside) return "";
    const std::unique_ptr<OGRGeometry> point(OGRGeometry::FromHandle(inside));
    if (point->IsEmpty() || wkbFlatten(point->getGeometryType()) != wkbPoint) return "";
    return at(point->toPoint()->getX(), point->toPoint()->getY());
}

} // namespace depomap::loading
