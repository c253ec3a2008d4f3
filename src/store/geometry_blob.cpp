#include "store/geometry_blob.hpp"

#include "store/geometry_blob_format.hpp"

namespace depomap::store {

using namespace blob_format;

void encode_point(std::vector<unsigned char> &out, double x, double y, int srid) {
    put_header(out, srid, Box{x, y, x, y}, class_point);
    put(out, x);
    put(out, y);
    out.push_back(blob_end);
}

std::optional<Box> blob_box(std::span<const unsigned char> blob) {
    if (blob.size() < header_size + 1 || blob[0] != blob_start || blob[1] != little_endian ||
        blob[38] != mbr_end || blob.back() != blob_end) {
        return std::nullopt;
    }
    const auto *p = blob.data() + 6;
    return Box{get<double>(p), get<double>(p + 8), get<double>(p + 16), get<double>(p + 24)};
}

std::optional<std::pair<double, double>> decode_point(std::span<const unsigned char> blob) {
    if (blob.size() != 60 || !blob_box(blob) || get<std::int32_t>(blob.data() + 39) != class_point) {
        return std::nullopt;
    }
    return std::pair{get<double>(blob.data() + 43), get<double>(blob.data() + 51)};
}

} // namespace depomap::store
