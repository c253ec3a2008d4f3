#include "output.hpp"

#include <CLI/CLI.hpp>

namespace depomap::cli {

void OutputOption::add(CLI::App &app) {
    app.add_option("-o,--output", path, "write here instead of standard output")->option_text("FILE");
    app.add_flag("--overwrite", overwrite, "replace an existing -o FILE");
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

} // namespace depomap::cli
