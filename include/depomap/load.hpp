#pragma once
// Loading features from any vector source GDAL reads into a layer of the store.
#include "depomap/error.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace depomap {

class Store;

/// One feature that was not loaded, and why.
struct Reject {
    std::string source;
    std::int64_t index = 0; ///< 1-based position of the feature in its source layer
    std::string id;
    std::string reason;
};

struct LoadOptions {
    std::string layer = "deposits";
    /// DST=SRC pairs: schema column DST takes source field SRC.
    std::vector<std::pair<std::string, std::string>> field_map;
    std::optional<std::string> x_field, y_field; ///< CSV longitude/latitude: degrees or DMS
    std::optional<std::string> wkt_field;        ///< CSV geometry as WKT
    std::optional<std::string> source_srs;       ///< overrides the source's own CRS
    /// The layers of each source to read (all of them when empty); a source
    /// without one of them fails the load before anything is written. A source named
    /// "FILE|layername=L" (query::split_source_value) is read for its layer L only.
    std::vector<std::string> source_layers;
    bool skip_invalid = false;
    /// Fill an empty country_iso3 from the feature's location by the store's admin regions
    /// (an error before anything is read when it has none); a code the location contradicts
    /// is said in a note.
    bool assign_country = false;
    /// A country name that maps to no ISO 3166-1 code, and with assign_country a code the
    /// location contradicts, make the feature bad (a reject, or the load's error) instead
    /// of a note.
    bool strict_country = false;
    /// The name,iso3 table country names are read with; empty: the atlas's country_names.csv.
    std::string country_names;
    /// Bytes of spatial-index entries (32 a feature) sorted in memory; beyond that the sort
    /// spills sorted runs to a temporary file beside the store, so memory stays bounded.
    std::size_t index_sort_memory = std::size_t{32} << 20;
    /// Called with the fraction done (0..1) as features are read.
    std::function<void(double)> progress;
    /// Called with a one-line note on what the load did beyond the obvious: a source without a
    /// CRS read as EPSG:4326, a repeated field name kept under a new one, a field sent to
    /// `extra` because another one fills its column. The CLI prints them on stderr.
    std::function<void(const std::string &)> note;
    /// Called with the rejects (in the order of the sources and their features) once every
    /// feature is written, before the transaction commits: what it throws (a rejects file the
    /// disk cannot take) leaves the store as it was.
    std::function<void(const std::vector<Reject> &)> before_commit;
};


struct LoadReport {
    std::int64_t read = 0;
    std::int64_t inserted = 0;
    std::vector<Reject> rejects;
};

/// Parses `DST=SRC` into its two names, or throws UsageError.
std::pair<std::string, std::string> parse_field_mapping(const std::string &text);

/// Loads every feature of every source into `options.layer`, in one transaction. Without
/// `skip_invalid` the first bad feature throws Error ("file: feature N (id X): reason") and the
/// store is left as it was; with it, bad features are reported in LoadReport::rejects.
/// Always read == inserted + rejects.size().
LoadReport load(Store &store, const std::vector<std::string> &sources, const LoadOptions &options);

/// Writes rejects as CSV (source,index,id,reason) to `out` (a program stages the file it writes
/// with the output rules: never the store or a source, an existing file only when told).
/// Each reason in `wording`'s words (depomap::Wording).
void write_rejects_csv(std::ostream &out, const std::vector<Reject> &rejects, const Wording &wording = {});

} // namespace depomap
