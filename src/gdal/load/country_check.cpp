#include "gdal/load/country_check.hpp"

#include "depomap/atlas.hpp"
#include "depomap/error.hpp"
#include "util/text.hpp"

namespace depomap::loading {
namespace {

std::string count(std::int64_t n, const char *thing) {
    return std::to_string(n) + " " + thing + (n == 1 ? "" : "s");
}

} // namespace

CountryCheck::CountryCheck(const schema::Layer &layer, const LoadOptions &options,
                           std::unique_ptr<CountryLocator> locator)
    : layer_(layer), options_(options), locator_(std::move(locator)) {
    if (const auto *c = schema::find_column(layer_, "country_iso3"))
        column_ = static_cast<std::size_t>(c - layer_.columns.data());
}

CountryCheck::~CountryCheck() = default;

void CountryCheck::settle(Feature &f, const std::string &label, std::int64_t index) {
    if (!column_)
        return;
    auto &value = f.row.values[*column_];
    auto *text = std::get_if<std::string>(&value);
    bool given = false;
    if (text && !util::trim(*text).empty()) {
        if (!looks_like_iso3(*text)) {
            const auto code = country_code(*text);
            if (!code)
                return unknown_country("country_iso3", *text); // kept as given
            *text = *code;
        }
        given = true;
    } else if (!f.filled[*column_] && !f.country_name.empty()) {
        // A source without a country_iso3 field: its `country` names the country.
        if (const auto code = country_code(f.country_name)) {
            value = *code;
            given = true;
        } else {
            unknown_country("country", f.country_name);
        }
    }
    if (!locator_)
        return;
    const std::string located = layer_.geometry == schema::GeometryType::point
                                    ? locator_->at(f.row.box.min_x, f.row.box.min_y)
                                    : locator_->at(*f.geometry);
    if (located.empty()) {
        ++report_.nowhere;
        return;
    }
    if (!given) {
        value = located;
        ++report_.assigned;
        return;
    }
    const auto &code = std::get<std::string>(value);
    if (code == located)
        return;
    const std::string reason = "country_iso3 is " + code + ", but the location lies in " + located +
                               " (by the store's admin regions)";
    if (options_.strict_country)
        throw FeatureError(reason + "; " + option_ref("strict_country") + " rejects it");
    if (++report_.contradicted <= Report::shown) {
        report_.examples.push_back(label + ": feature " + std::to_string(index) +
                                   (f.id.empty() ? "" : " (id '" + util::excerpt(f.id) + "')") + ": " +
                                   code + ", lies in " + located);
    }
}

/// The code a country name or code means, or nothing (cached: a source names few countries).
std::optional<std::string> CountryCheck::country_code(const std::string &text) {
    if (const auto it = codes_.find(text); it != codes_.end())
        return it->second;
    if (!names_)
        names_ = std::make_unique<CountryNames>(country_table());
    return codes_.emplace(text, names_->code(text)).first->second;
}

std::filesystem::path CountryCheck::country_table() const {
    return options_.country_names.empty() ? atlas_dir() / "country_names.csv"
                                          : std::filesystem::path(options_.country_names);
}

void CountryCheck::unknown_country(const std::string &field, const std::string &text) {
    if (options_.strict_country) {
        throw FeatureError(field + " '" + util::excerpt(text) + "' is neither an ISO 3166-1 alpha-3 "
                           "code nor a country name of " + country_table().filename().string() +
                           "; " + option_ref("strict_country") + " rejects it");
    }
    auto [it, fresh] = report_.unknown.try_emplace(field + '\n' + text, 0);
    if (fresh)
        report_.unknown_order.push_back(it->first);
    ++it->second;
}

void CountryCheck::say() const {
    if (!options_.note)
        return;
    const auto &c = report_;
    for (std::size_t i = 0; i < c.unknown_order.size() && i < Report::shown; ++i) {
        const auto &key = c.unknown_order[i];
        const auto cut = key.find('\n');
        const std::string field = key.substr(0, cut), text = key.substr(cut + 1);
        const auto n = c.unknown.at(key);
        options_.note(field + " '" + util::excerpt(text) + "' (" + count(n, "feature") + "): not an ISO 3166-1 alpha-3 code or a "
                      "country name of " + country_table().filename().string() +
                      (field == "country" ? "; country_iso3 left empty" : "; kept as given") +
                      " (" + option_ref("strict_country") + " rejects such features)");
    }
    if (c.unknown_order.size() > Report::shown) {
        options_.note("... and " + std::to_string(c.unknown_order.size() - Report::shown) +
                      " more unknown country names");
    }
    if (!locator_)
        return;
    options_.note(option_ref("assign_country") + ": country_iso3 filled from the location for " +
                  count(c.assigned, "feature") + "; " + count(c.nowhere, "feature") +
                  " in no country of the store's admin regions (left as they were)");
    if (c.contradicted == 0)
        return;
    std::string list;
    for (const auto &e : c.examples)
        list += "; " + e;
    if (c.contradicted > c.examples.size())
        list += "; ... and " + std::to_string(c.contradicted - c.examples.size()) + " more";
    options_.note(option_ref("assign_country") + ": " + count(static_cast<std::int64_t>(c.contradicted), "feature") +
                  " in another country than their country_iso3 (kept as given; " + option_ref("strict_country") +
                  " rejects them)" + list);
}

} // namespace depomap::loading
