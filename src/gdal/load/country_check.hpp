#pragma once
// The validator's country rules: country_iso3 as an ISO 3166-1 alpha-3 code (a country name in
// it, or in a field named `country`, becomes its code), and with LoadOptions::assign_country the code the
// location gives. What happened is said once, after the features are read.
#include "depomap/load.hpp"
#include "depomap/schema.hpp"
#include "gdal/load/country.hpp"
#include "gdal/load/feature.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace depomap::loading {

/// Country checks on the reading thread (the name cache and the locator are its own).
class CountryCheck {
  public:
    /// `locator` is null without LoadOptions::assign_country.
    CountryCheck(const schema::Layer &layer, const LoadOptions &options,
                 std::unique_ptr<CountryLocator> locator);
    ~CountryCheck();
    CountryCheck(const CountryCheck &) = delete;
    CountryCheck &operator=(const CountryCheck &) = delete;

    /// True when the layer has a country_iso3 column to settle.
    bool applies() const { return column_.has_value(); }

    /// Settles country_iso3 of `f`, feature `index` of `label`, whose geometry is built (its
    /// box, and for polygons its geometry): a country name in it (or, in a source without a
    /// country_iso3 field, in a field named `country`) becomes the name's code; with a locator
    /// an empty one is filled from the location, and one the location contradicts is counted.
    /// Throws FeatureError for what LoadOptions::strict_country rejects.
    void settle(Feature &f, const std::string &label, std::int64_t index);

    /// Says, through LoadOptions::note, the unknown country names and what assign_country did.
    void say() const;

  private:
    std::optional<std::string> country_code(const std::string &text);
    std::filesystem::path country_table() const;
    void unknown_country(const std::string &field, const std::string &text);

    const schema::Layer &layer_;
    const LoadOptions &options_;
    std::optional<std::size_t> column_; ///< the layer's country_iso3
    std::unique_ptr<CountryNames> names_;
    std::unordered_map<std::string, std::optional<std::string>> codes_;
    std::unique_ptr<CountryLocator> locator_;
    struct Report {
        static constexpr std::size_t shown = 5;
        std::unordered_map<std::string, std::int64_t> unknown; ///< "field\ntext" -> features
        std::vector<std::string> unknown_order;
        std::int64_t assigned = 0, nowhere = 0;
        std::size_t contradicted = 0;
        std::vector<std::string> examples;
    } report_;
};

} // namespace depomap::loading
