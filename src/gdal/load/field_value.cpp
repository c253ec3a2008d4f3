#include "gdal/load/field_value.hpp"

#include "util/text.hpp"

#include "depomap/dms.hpp"

#include <charconv>
#include <cmath>

namespace depomap::loading {

using schema::ColumnType;

std::string format_number(double v) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, end);
}

double parse_number_text(std::string_view text, std::string_view field) {
    const auto value = geo::parse_number(text);
    if (!value) {
        throw FeatureError("field '" + std::string(field) + "': '" + util::excerpt(util::trim(text)) +
                           "' is not a number");
    }
    return *value;
}

sql::Value column_value(ColumnType type, std::string_view name, const FieldValue &v) {
    using K = FieldValue::Kind;
    if (v.kind == K::null)
        return nullptr;
    if (v.kind == K::unsigned_integer && type != ColumnType::real)
        return std::to_string(v.unsigned_integer); // exact; an integer column keeps the digits
    if (type == ColumnType::text) {
        if (v.kind == K::integer)
            return std::to_string(v.integer);
        if (v.kind == K::real)
            return format_number(v.real);
        return std::string(v.text);
    }
    double number = 0;
    if (v.kind == K::integer)
        number = static_cast<double>(v.integer);
    else if (v.kind == K::unsigned_integer)
        number = static_cast<double>(v.unsigned_integer);
    else if (v.kind == K::real)
        number = v.real;
    else if (v.kind == K::json) {
        throw FeatureError("field '" + std::string(name) + "': '" + util::excerpt(v.text) +
                           "' is not a number");
    } else {
        if (util::trim(v.text).empty())
            return nullptr;
        number = parse_number_text(v.text, name);
    }
    if (type == ColumnType::integer) {
        if (v.kind == K::integer)
            return v.integer;
        return static_cast<std::int64_t>(number);
    }
    return number;
}

nlohmann::json json_value(const FieldValue &v) {
    switch (v.kind) {
    case FieldValue::Kind::integer:
        return v.integer;
    case FieldValue::Kind::unsigned_integer:
        return v.unsigned_integer;
    case FieldValue::Kind::real:
        if (!std::isfinite(v.real))
            return format_number(v.real);
        return v.real;
    case FieldValue::Kind::text:
        return std::string(v.text);
    case FieldValue::Kind::json: {
        auto parsed = nlohmann::json::parse(v.text, nullptr, false);
        return parsed.is_discarded() ? nlohmann::json(std::string(v.text)) : parsed;
    }
    case FieldValue::Kind::null:
        break;
    }
    return nullptr;
}

Slot slot(std::string_view name, const FieldValue &v) {
    Slot s;
    s.field = name;
    if (v.kind == FieldValue::Kind::integer)
        s.number = static_cast<double>(v.integer);
    else if (v.kind == FieldValue::Kind::unsigned_integer)
        s.number = static_cast<double>(v.unsigned_integer);
    else if (v.kind == FieldValue::Kind::real)
        s.number = v.real;
    else
        s.text = v.text;
    return s;
}

} // namespace depomap::loading
