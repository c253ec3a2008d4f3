#include "gdal/load/feature.hpp"

#include "util/text.hpp"

namespace depomap::loading {

void Feature::clear(std::size_t columns) {
    row.values.assign(columns, nullptr);
    filled.assign(columns, false);
    row.blob.clear();
    extra = nlohmann::json::object();
    id.clear();
    id_field_seen = false;
    x.reset();
    y.reset();
    wkt.reset();
    point.reset();
    geometry.reset();
    scratch.clear();
    country_name.clear();
}

Error feature_error(const std::string &label, std::int64_t index, const std::string &id,
                    const std::string &reason) {
    std::string where = label + ": feature " + std::to_string(index);
    if (!id.empty())
        where += " (id '" + util::excerpt(id) + "')";
    return Error(where + ": " + reason);
}

std::string duplicate_reason(const std::string &id) {
    return "duplicate id '" + util::excerpt(id) + "'";
}

} // namespace depomap::loading
