#include "habits.hpp"

#include "depomap/error.hpp"
#include "util/fold.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

namespace depomap::cli {
namespace {

struct GdalOption {
    std::string_view gdal;
    std::string_view depomap; ///< the same option in depomap, or empty
    std::string_view advice;  ///< what to do instead, when depomap has no such option
};

// ogr2ogr's and ogrinfo's options as users type them.
constexpr GdalOption gdal_options[] = {
    {"-t_srs", "--t-srs", ""},
    {"-s_srs", "--s-srs", ""},
    {"-where", "--where", ""},
    {"-a_srs", "", "to say what CRS a source is in, use --s-srs CRS (load, convert)"},
    {"-nln", "", "output layers are named after the store's layers (export) or by --layer-name-template "
                 "(convert); load takes the store layer with --layer"},
    {"-lco", "", "depomap chooses each format's layer options itself (RFC 7946 GeoJSON, spatial index, "
                 "UTF-8); there is nothing to pass"},
    {"-dsco", "", "depomap chooses each format's dataset options itself; there is nothing to pass"},
    {"-sql", "", "ask the store with: depomap sql --db STORE \"SELECT ...\"; filter what is written with --where"},
    {"-dialect", "", "depomap's SQL is SpatiaLite's: depomap sql --db STORE \"SELECT ...\""},
    {"-nlt", "", "depomap keeps each layer's geometry type (Shapefile: the one kind a layer holds)"},
    {"-append", "", "load adds to the store's layer; export and convert write new files"},
    {"-update", "", "load adds to the store's layer; export and convert write new files"},
    {"-overwrite", "", "ogr2ogr's -overwrite replaces one layer of a dataset; depomap writes whole files, "
                       "and --overwrite lets it replace an existing one"},
    {"-select", "", "the store's columns are written; choose rows with --where, or columns with depomap sql"},
    {"-spat", "", "select by place with: depomap region --polygon FILE, or depomap within --point LON,LAT --km D"},
    {"-skipfailures", "", "use --skip-invalid (load) or --keep-going (convert)"},
    {"-progress", "", "progress is shown when stderr is a terminal; -q turns it off"},
    {"-of", "", "use -f FORMAT"},
};

bool looks_like_number(std::string_view word) {
    return word.size() > 1 && (std::isdigit(static_cast<unsigned char>(word[1])) || word[1] == '.');
}

const CLI::Option *find_option(const CLI::App &app, const std::string &name) {
    for (const CLI::Option *option : app.get_options()) {
        if (option->check_name(name)) return option;
    }
    return nullptr;
}

/// Every long option of `app` ("--km"), for "did you mean".
std::vector<std::string> long_names(const CLI::App &app) {
    std::vector<std::string> names;
    for (const CLI::Option *option : app.get_options()) {
        if (option->get_group().empty()) continue; // internal, never suggested
        for (const auto &name : option->get_lnames()) names.push_back("--" + name);
    }
    return names;
}

std::optional<std::string> closest(const std::string &word, const std::vector<std::string> &names) {
    std::optional<std::string> best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto &name : names) {
        const std::size_t d = util::edit_distance(word, name);
        if (d < best_distance) {
            best_distance = d;
            best = name;
        }
    }
    return best;
}

} // namespace

std::vector<std::string> adopt_gdal_habits(std::vector<std::string> args) {
    // `depomap help` and `depomap help VERB`, with the global flags before it.
    const auto first = std::ranges::find_if(args, [](const std::string &w) { return !w.starts_with("-"); });
    if (first != args.end() && *first == "help") {
        const auto at = first - args.begin();
        args.erase(args.begin() + at);
        args.insert(args.begin() + (at < static_cast<std::ptrdiff_t>(args.size()) ? at + 1 : at), "--help");
    }
    for (auto &word : args) {
        if (word == "--") break;
        const std::string name = word.substr(0, word.find('='));
        for (const auto &option : gdal_options) {
            if (name != option.gdal) continue;
            if (option.depomap.empty()) {
                throw UsageError("'" + name + "' is ogr2ogr's option, not depomap's: " + std::string(option.advice));
            }
            word = std::string(option.depomap) + word.substr(name.size());
        }
    }
    return args;
}

void check_options_known(const CLI::App &verb, const CLI::App &depomap, const std::vector<std::string> &args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &word = args[i];
        if (word == "--") return;
        if (word.size() < 2 || word[0] != '-' || looks_like_number(word)) continue;
        // --name=value, and -kVALUE (a short option with its value attached).
        std::string name = word.substr(0, word.find('='));
        if (name.size() > 2 && name[1] != '-') name = name.substr(0, 2);
        const CLI::Option *option = find_option(verb, name);
        if (!option) option = find_option(depomap, name);
        if (!option) {
            std::vector<std::string> names = long_names(verb);
            for (const auto &n : long_names(depomap)) names.push_back(n);
            const auto hint = closest(name, names);
            throw UsageError("unknown option '" + name + "'" + (hint ? " (did you mean " + *hint + "?)" : ""));
        }
        // Its value is the next word, whatever it looks like (--where "-x", --point -70,45).
        const bool value_attached = word.size() > name.size();
        if (option->get_expected_min() > 0 && option->get_type_size_min() > 0 && !value_attached) ++i;
    }
}

} // namespace depomap::cli
