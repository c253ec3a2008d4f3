#include "output.hpp"

#include "options.hpp"

#include "depomap/error.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

namespace depomap::cli {

void OutputOption::add(CLI::App &app) {
    app.add_option("-o,--output", path, "write here instead of standard output")->option_text("FILE");
    add_overwrite_option(app, overwrite);
}

void OutputOption::require_file(const std::string &format) const {
    if (path.empty()) throw UsageError("-f " + format + " writes a file: give -o PATH");
}

Output::Output(std::ostream &stdout_stream, const OutputOption &option, const std::string &db,
               const std::vector<std::string> &inputs)
    : stdout_(stdout_stream) {
    if (option.path.empty()) return;
    keep_.add_store(db);
    for (const auto &input : inputs) keep_.add(input, "an input");
    file_ = std::make_unique<output::StagedFile>(option.path, output::Rules{option.overwrite, &keep_});
}

void Output::close() {
    if (file_) file_->commit();
    else stdout_.flush();
}

bool is_layer_format(const std::string &format) {
    constexpr std::string_view layers[] = {"gpkg", "geojson", "shp", "fgb", "kml"};
    return std::ranges::find(layers, format) != std::end(layers);
}

std::vector<std::string> source_inputs(const std::vector<std::string> &values) {
    std::vector<std::string> files;
    for (const auto &value : values) {
        if (query::is_store_layer(value)) continue;
        if (auto file = query::source_file(value); !file.empty()) files.push_back(std::move(file));
    }
    return files;
}

void write_answer_layer(const query::AnswerLayer &answer, const std::string &format, const OutputOption &option,
                        const std::string &db, const std::vector<std::string> &inputs,
                        std::ostream *stdout_stream) {
    if (!stdout_stream) option.require_file(format);
    query::gdal_access("-f " + format)
        .write_answer(answer, {option.path, format, option.overwrite, db, inputs, option.path.empty() ? stdout_stream : nullptr});
}

} // namespace depomap::cli
