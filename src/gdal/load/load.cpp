// depomap::load: the sources opened (source.hpp), then two threads (pipeline.hpp): the reading
// one decodes (feature_decoder.hpp) and validates (validator.hpp) every feature, this one inserts
// the rows (store/layer_writer.hpp); duplicate ids are traced to their feature (duplicates.hpp).
#include "depomap/load.hpp"

#include "depomap/error.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "gdal/load/country.hpp"
#include "gdal/load/duplicates.hpp"
#include "gdal/load/pipeline.hpp"
#include "gdal/load/source.hpp"
#include "store/layer_writer.hpp"
#include "util/crash_note.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <memory>

namespace depomap {
namespace {

using schema::GeometryType;

/// One load: what it reports, put together from both threads once the reading one has ended.
LoadReport run_load(Store &store, const schema::Layer &layer, const std::vector<std::string> &paths,
                    const LoadOptions &options) {
    // A reader that crashes names its file (when the program installed the crash note).
    util::ReadingNote reading;
    // Before any source is opened: a store without admin regions fails at once.
    std::unique_ptr<loading::CountryLocator> locator;
    if (options.assign_country)
        locator = std::make_unique<loading::CountryLocator>(store);
    // Open everything first: a missing file or field fails before anything is written.
    loading::SourceSet sources(layer, options);
    for (const auto &path : paths)
        sources.open(path);

    sql::Transaction tx(store.db());
    loading::LayerWriter writer(store.db(), layer, options.index_sort_memory);
    loading::ReaderState reader(layer, options, std::move(locator));
    loading::WriterState inserter(writer, options, sources.sources());
    loading::read_and_insert(sources.sources(), reader, inserter);

    LoadReport report;
    report.read = reader.read();
    report.inserted = inserter.inserted();
    report.rejects = std::move(reader.rejects());
    std::vector<std::size_t> reject_sources = std::move(reader.reject_sources());
    for (auto &[reject, source] : inserter.rejects()) {
        report.rejects.push_back(std::move(reject));
        reject_sources.push_back(source);
    }
    loading::report_duplicates(writer.finish(), inserter.origins(), sources.sources(), options.skip_invalid,
                               report, reject_sources);
    reader.countries().say();
    // Rejects in the order of the sources and their features.
    std::ranges::stable_sort(report.rejects, [&](const Reject &a, const Reject &b) {
        const auto ra = sources.rank(a.source), rb = sources.rank(b.source);
        return ra != rb ? ra < rb : a.index < b.index;
    });
    if (options.before_commit) options.before_commit(report.rejects);
    tx.commit();
    return report;
}

} // namespace

std::pair<std::string, std::string> parse_field_mapping(const std::string &text) {
    const std::string_view whole = text;
    const auto eq = whole.find('=');
    // Both names are checked once trimmed: " =x" names no column. The text is quoted as an
    // excerpt so that the message stays on one line whatever the argument holds.
    const auto dst = eq == std::string_view::npos ? std::string_view() : util::trim(whole.substr(0, eq));
    const auto src = eq == std::string_view::npos ? std::string_view() : util::trim(whole.substr(eq + 1));
    if (dst.empty() || src.empty()) {
        throw UsageError(option_ref("field_map") + " '" + util::excerpt(text) +
                         "': expected DST=SRC (a column of the layer = a source field)");
    }
    return {std::string(dst), std::string(src)};
}

LoadReport load(Store &store, const std::vector<std::string> &sources, const LoadOptions &options) {
    const auto *layer = schema::find_layer(options.layer);
    if (!layer) throw no_such_layer("layer", options.layer, schema::layer_names());
    if (sources.empty())
        throw UsageError("no source to load");
    if (options.x_field.has_value() != options.y_field.has_value()) {
        throw UsageError(option_ref("x_field") + " and " + option_ref("y_field") + " go together");
    }
    if (options.x_field && options.wkt_field) {
        throw UsageError(option_ref("x_field") + "/" + option_ref("y_field") + " and " + option_ref("wkt_field") +
                         " exclude each other");
    }
    if (options.assign_country &&
        (!schema::find_column(*layer, "country_iso3") || layer->geometry == GeometryType::none)) {
        throw UsageError(option_ref("assign_country") + ": layer " + options.layer +
                         " has no country_iso3 to fill from a location");
    }
    if (options.x_field && layer->geometry != GeometryType::point) {
        throw UsageError(option_ref("x_field") + "/" + option_ref("y_field") + " make points; layer " + options.layer +
                         " holds polygons");
    }
    for (const auto &[dst, src] : options.field_map) {
        if (!schema::find_column(*layer, dst)) {
            std::string names;
            for (const auto &c : layer->columns)
                names += (names.empty() ? "" : ", ") + std::string(c.name);
            throw UsageError(option_ref("field_map") + " " + dst + "=" + src + ": layer " + options.layer +
                             " has no column '" + dst + "' (columns: " + names + ")");
        }
    }
    return run_load(store, *layer, sources, options);
}

void write_rejects_csv(std::ostream &out, const std::vector<Reject> &rejects, const Wording &wording) {
    out << "source,index,id,reason\n";
    for (const auto &r : rejects) {
        out << util::csv_quote(r.source) << ',' << r.index << ',' << util::csv_quote(r.id) << ','
            << util::csv_quote(worded(wording, r.reason)) << '\n';
    }
}

} // namespace depomap
