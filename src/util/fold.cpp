#include "util/fold.hpp"

#include "util/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <vector>

namespace depomap::util {
namespace {

bool dropped(UChar32 c) {
    switch (c) {
    case u'\'': case u'"': case u'`': case u'\u2018': case u'\u2019': case u'\u201C': case u'\u201D':
    case u'\u00AB': case u'\u00BB': case u'\u02BC': case u'\u02B9': case u'(': case u')': case u'[':
    case u']':
        return true;
    default:
        return false;
    }
}

bool separator(UChar32 c) {
    if (u_isUWhiteSpace(c) || c == u',' || c == u'.' || c == u'/' || c == u'_') return true;
    const auto category = static_cast<UCharCategory>(u_charType(c));
    return category == U_DASH_PUNCTUATION;
}

} // namespace

std::string fold_name(std::string_view name) {
    if (!is_valid_utf8(name)) return to_lower(name);
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *nfkc = icu::Normalizer2::getNFKCInstance(status);
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
    if (U_SUCCESS(status)) text = nfkc->normalize(text, status);
    if (U_FAILURE(status)) return to_lower(name);
    text.foldCase(U_FOLD_CASE_DEFAULT);

    icu::UnicodeString out;
    bool pending_space = false;
    for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
        UChar32 c = text.char32At(i);
        if (c == u'\u0451') c = u'\u0435'; // ё -> е, as most Russian text is written
        if (dropped(c)) continue;
        if (separator(c)) {
            pending_space = !out.isEmpty();
            continue;
        }
        if (pending_space) out.append(u' ');
        pending_space = false;
        out.append(c);
    }
    std::string result;
    out.toUTF8String(result);
    return result;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: insertions, deletions, substitutions, adjacent swaps.
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[n][m];
}

} // namespace depomap::util
