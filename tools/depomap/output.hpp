#pragma once
// Where a query verb's data goes: -o FILE (staged beside and published by the library's one
// publish routine, src/output/publish.hpp) or standard output.
#include "output/answer_layer.hpp"
#include "output/publish.hpp"

#include "depomap/query.hpp"
#include "depomap/table.hpp"

#include <memory>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace depomap::cli {

/// `-o FILE` and `--overwrite`, declared alike in every verb that writes its answer.
struct OutputOption {
    std::string path;
    bool overwrite = false;
    void add(CLI::App &app);
    /// Refuses an answer format that only a file holds (a GeoPackage...) without -o.
    void require_file(const std::string &format) const;
};

class Output {
  public:
    /// `option.path` empty: standard output. The store `db` (and `inputs`) are never written over.
    Output(std::ostream &stdout_stream, const OutputOption &option, const std::string &db,
           const std::vector<std::string> &inputs = {});
    std::ostream &stream() { return file_ ? file_->stream() : stdout_; }
    /// Flushes and, for a file, puts it in place; throws Error when writing failed. Without a
    /// successful close() an existing FILE stays as it was.
    void close();
    /// Whether rewind() can take back what was written: a file, not standard output or a stream.
    bool can_rewind() const { return file_ && !file_->is_stream(); }
    /// Forgets everything written so far (a file only).
    void rewind() { file_->rewind(); }

  private:
    std::ostream &stdout_;
    output::Protected keep_;
    std::unique_ptr<output::StagedFile> file_;
};

/// Whether `format` writes an answer as a layer through export's output path (gpkg, geojson,
/// shp, fgb, kml) rather than as text (table, csv, json).
bool is_layer_format(const std::string &format);

/// The local files of --from, --to or --layer values that name sources (never written over).
std::vector<std::string> source_inputs(const std::vector<std::string> &values);

/// Writes `answer` in `format` to -o PATH through export's one output path: staged, its style
/// beside it, never over the store `db` or `inputs`. Without -o: into `stdout_stream` when the
/// verb writes this format there (staged the same way), else a usage error.
void write_answer_layer(const query::AnswerLayer &answer, const std::string &format, const OutputOption &option,
                        const std::string &db, const std::vector<std::string> &inputs,
                        std::ostream *stdout_stream = nullptr);

} // namespace depomap::cli
