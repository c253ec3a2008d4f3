#include "gdal/load/field_router.hpp"

#include "util/text.hpp"

#include <algorithm>

namespace depomap::loading {

FieldRouter::FieldRouter(const schema::Layer &layer, const LoadOptions &options, std::string label,
                         Note note)
    : layer_(layer), options_(options), label_(std::move(label)), note_(std::move(note)),
      claimed_(layer.columns.size(), false), exact_(layer.columns.size(), false) {
    for (const auto &[dst, src] : options.field_map) {
        const auto *column = schema::find_column(layer, dst);
        const auto c = static_cast<std::size_t>(column - layer.columns.data());
        claimed_[c] = true;
        auto &columns = mapped_[src];
        if (std::ranges::find(columns, c) == columns.end())
            columns.push_back(c);
    }
}

void FieldRouter::expect_fields(const std::vector<std::string> &names) {
    for (const auto &name : names) {
        if (const auto *column = schema::find_column(layer_, name); column && column->name == name)
            exact_[static_cast<std::size_t>(column - layer_.columns.data())] = true;
    }
}

Target FieldRouter::route(std::string_view name) {
    if (auto it = cache_.find(std::string(name)); it != cache_.end())
        return it->second;
    Target target = decide(name);
    target.country_name = util::to_lower(name) == "country";
    cache_.emplace(std::string(name), target);
    return target;
}

Target FieldRouter::to_extra(std::string_view name, std::size_t column) {
    if (noted_.emplace(name).second)
        say(name, layer_.columns[column].name);
    return {Target::Kind::extra};
}

void FieldRouter::alias(const std::string &short_name, const std::string &full) {
    auto it = mapped_.find(short_name);
    if (it == mapped_.end() || mapped_.contains(full))
        return;
    mapped_.emplace(full, std::move(it->second));
    mapped_.erase(it);
}

std::vector<std::string> FieldRouter::unseen_map_sources() const {
    std::vector<std::string> missing;
    for (const auto &[src, columns] : mapped_) {
        if (!cache_.contains(src))
            missing.push_back(src);
    }
    return missing;
}

Target FieldRouter::decide(std::string_view name) {
    if (options_.x_field && name == *options_.x_field)
        return {Target::Kind::x};
    if (options_.y_field && name == *options_.y_field)
        return {Target::Kind::y};
    if (options_.wkt_field && name == *options_.wkt_field)
        return {Target::Kind::wkt};
    if (auto it = mapped_.find(std::string(name)); it != mapped_.end()) {
        const auto &columns = it->second;
        return {Target::Kind::column, columns.front(), columns.size() > 1 ? &columns : nullptr};
    }
    const auto *column = schema::find_column(layer_, name);
    if (!column)
        return {name == schema::extra_column ? Target::Kind::extra_members : Target::Kind::extra};
    const auto c = static_cast<std::size_t>(column - layer_.columns.data());
    if (claimed_[c])
        return {Target::Kind::extra};
    if (column->name == name)
        return {Target::Kind::column, c};
    if (!exact_[c])
        return {Target::Kind::column, c, nullptr, true};
    noted_.emplace(name);
    say(name, column->name);
    return {Target::Kind::extra};
}

void FieldRouter::say(std::string_view name, std::string_view column) const {
    if (note_) {
        note_(label_ + ": field '" + util::excerpt(name) + "' goes to extra where another "
              "field fills column '" + std::string(column) + "' (names that differ only in case)");
    }
}

std::vector<std::string> unique_field_names(std::vector<std::string> names, const std::string &label,
                                            const Note &note) {
    std::unordered_set<std::string> taken(names.begin(), names.end());
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (seen.insert(names[i]).second)
            continue;
        std::string renamed;
        for (int n = 2; renamed.empty() || taken.contains(renamed); ++n)
            renamed = names[i] + "_" + std::to_string(n);
        if (note) {
            note(label + ": field " + std::to_string(i + 1) + " repeats the name '" +
                 util::excerpt(names[i]) + "': its values are kept as '" + util::excerpt(renamed) + "'");
        }
        taken.insert(renamed);
        seen.insert(renamed);
        names[i] = std::move(renamed);
    }
    return names;
}

} // namespace depomap::loading
