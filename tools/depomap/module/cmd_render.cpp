#include "command.hpp"

#include "depomap/error.hpp"
#include "depomap/render.hpp"

#include <ostream>

namespace depomap::cli {
namespace {

class RenderCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, options_.db);
        app.add_option("-o,--output", options_.output, "the picture: .png, .svg or .pdf")
            ->required()
            ->option_text("FILE");
        app.add_option("--view", options_.view, "world (Equal Earth), russia (Russia whole, conic) or an admin region's name, id or ISO code (shown whole, equal-area)")
            ->option_text("VIEW")
            ->capture_default_str();
        app.add_option("--bbox", bbox_, "the area to show instead of a view, in degrees (E < W: across 180°)")
            ->option_text("W,S,E,N");
        add_target_srs_option(app, options_.t_srs);
        app.add_option("--size", size_, "the picture's size in pixels (points in PDF and SVG)")
            ->option_text("WxH")
            ->capture_default_str();
        app.add_option("--title", options_.title, "the title above the map")->option_text("TEXT");
        add_labels_option(app, labels_);
        app.add_option("--layer", options_.layers, "draw only this store layer (repeatable)")->option_text("L");
        app.add_flag("--links", options_.links, "lines from each deposit to its nearest processing plant");
        add_overwrite_option(app, options_.overwrite);
    }

    int run(Context &ctx) override {
        if (!bbox_.empty()) options_.bbox = render::parse_bbox(bbox_);
        parse_size();
        options_.labels = labels_ == "local" ? render::Labels::local
                          : labels_ == "both" ? render::Labels::both
                                              : render::Labels::en;
        const auto result = render::render_map(options_);
        if (!ctx.quiet)
            ctx.err << "wrote " << options_.output << " (" << result.layers.size() << " layers, "
                    << result.labels.size() << " labels)\n";
        return 0;
    }

  private:
    void parse_size() {
        const auto x = size_.find('x');
        try {
            std::size_t used_w = 0, used_h = 0;
            if (x == std::string::npos) throw std::invalid_argument("no x");
            options_.width = std::stoi(size_.substr(0, x), &used_w);
            options_.height = std::stoi(size_.substr(x + 1), &used_h);
            if (used_w != x || used_h != size_.size() - x - 1) throw std::invalid_argument("trailing");
        } catch (const std::logic_error &) {
            throw UsageError("--size: \"" + size_ + "\" is not WxH in pixels (e.g. 1600x1100)");
        }
    }

    render::Options options_;
    std::string bbox_, size_ = "1600x1100", labels_ = "en";
};

} // namespace

std::unique_ptr<Command> make_render() { return std::make_unique<RenderCommand>(); }

} // namespace depomap::cli
