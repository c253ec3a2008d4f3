// Reading the shipped QGIS styles and adapting them to renamed (Shapefile) fields.
#include "depomap/error.hpp"
#include "depomap/export.hpp"

#include <fstream>
#include <sstream>

namespace depomap::style {
namespace {

void replace_all(std::string &text, std::string_view from, std::string_view to) {
    std::size_t at = 0;
    while ((at = text.find(from, at)) != std::string::npos) {
        text.replace(at, from.size(), to);
        at += to.size();
    }
}

/// Sets the alias of `field` in the QML's <aliases> block to `alias`.
void set_alias(std::string &qml, std::string_view field, std::string_view alias) {
    const std::string key = "field=\"" + std::string(field) + "\"";
    const auto aliases = qml.find("<aliases>");
    if (aliases == std::string::npos) return;
    const auto end = qml.find("</aliases>", aliases);
    auto at = qml.find(key, aliases);
    if (at == std::string::npos || at > end) return;
    const auto open = qml.rfind("<alias ", at);
    const auto close = qml.find("/>", at);
    if (open == std::string::npos || close == std::string::npos) return;
    auto element = qml.substr(open, close - open);
    const auto name = element.find("name=\"");
    if (name == std::string::npos) return;
    const auto value_end = element.find('"', name + 6);
    element.replace(name + 6, value_end - (name + 6), alias);
    qml.replace(open, close - open, element);
}

} // namespace

std::optional<std::string> read_layer_style(const std::filesystem::path &dir, std::string_view layer) {
    const auto path = dir / (std::string(layer) + ".qml");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw Error(path.string() + ": cannot read the style");
    return text.str();
}

std::string rename_fields(std::string qml, const std::vector<std::pair<std::string, std::string>> &renames) {
    for (const auto &[full, short_name] : renames) {
        if (full == short_name) continue;
        // Attribute values (field="..", attr="..", fieldName="..", value=".."), quoted names in
        // expressions as XML text ("..") and inside attributes (&quot;..&quot;). Schema names
        // over 10 characters are distinctive enough that an exact quoted match is the field.
        replace_all(qml, "\"" + full + "\"", "\"" + short_name + "\"");
        replace_all(qml, "&quot;" + full + "&quot;", "&quot;" + short_name + "&quot;");
        set_alias(qml, short_name, full);
    }
    return qml;
}

} // namespace depomap::style
