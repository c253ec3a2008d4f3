#pragma once
// Small text helpers shared by the readers, the loader and the CLI.
#include <string>
#include <cstdint>
#include <string_view>

namespace depomap::util {

std::string_view trim(std::string_view text);
bool ends_with_icase(std::string_view text, std::string_view suffix);
std::string to_lower(std::string_view text);
/// At most `max_bytes` of `text` (cut on a UTF-8 boundary), with "..." when cut: for quoting
/// user data in one-line messages.
std::string excerpt(std::string_view text, std::size_t max_bytes = 80);
bool is_valid_utf8(std::string_view text);
/// Text for an XML attribute or element: & < > " ' as entities.
std::string xml_escape(std::string_view text);
/// RFC 4180 field: quoted when it holds a comma, quote, CR or LF.
std::string csv_quote(std::string_view text);

} // namespace depomap::util
