#pragma once
// Countries as sources name them and as their locations say: ISO 3166-1 alpha-3 codes for names
// in any common spelling or language, and the country of the store's admin layer a point lies in.
#include <ogr_geometry.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace depomap {
class Store;
}

namespace depomap::loading {

/// ISO 3166-1 alpha-3 codes for country names ("Russia", «Россия», "Russian Federation" → RUS),
/// from a name,iso3 table (geodata/country_names.csv), compared after util::fold_name (full
/// Unicode case folding), so «РОССИЯ» and "russian federation" match too.
class CountryNames {
  public:
    /// Throws Error "PATH: ..." when the table cannot be read or is not name,iso3.
    explicit CountryNames(const std::filesystem::path &table);
    /// The code `text` means: a code of the table in any case ("rus" → RUS), or a name of it;
    /// nothing for text the table does not know.
    std::optional<std::string> code(std::string_view text) const;

  private:
    std::unordered_map<std::string, std::string> by_name_; ///< folded name -> code
    std::unordered_set<std::string> codes_;
};

/// True for three ASCII capitals ("RUS", also "WLD" for world totals): taken as a code as it is.
bool looks_like_iso3(std::string_view text);

/// The country each point lies in, by the polygons of the store's admin layer (admin_regions):
/// the rows of level 'country', or, in a store that has none, every row with a country_iso3.
/// A point on a border belongs to the first country found (the border counts as inside, as in
/// `region`). Read once; used on one thread.
class CountryLocator {
  public:
    /// Throws Error when the store's admin layer holds no polygon with a country code.
    explicit CountryLocator(Store &store);
    ~CountryLocator();
    CountryLocator(const CountryLocator &) = delete;
    CountryLocator &operator=(const CountryLocator &) = delete;

    /// The code of the country `geometry` (EPSG:4326) lies in (a polygon by a point on its
    /// surface), or "" when it lies in none.
    std::string at(const OGRGeometry &geometry);
    std::string at(double x, double y);

  private:
    struct Country;
    std::vector<std::unique_ptr<Country>> countries_;
};

} // namespace depomap::loading
