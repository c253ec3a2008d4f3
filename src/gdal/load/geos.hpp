#pragma once
// GEOS through its reentrant C API, with owned handles.
#include <geos_c.h>

#include <memory>
#include <optional>
#include <string>

class OGRGeometry;

namespace depomap::loading {

/// One GEOS context (not thread-safe: one per thread), checking polygon validity.
class GeosValidator {
  public:
    GeosValidator();
    ~GeosValidator();
    GeosValidator(const GeosValidator &) = delete;
    GeosValidator &operator=(const GeosValidator &) = delete;

    /// Why `geometry` is not valid in the OGC sense, or nothing when it is.
    std::optional<std::string> invalid_reason(const OGRGeometry &geometry);

  private:
    GEOSContextHandle_t ctx_;
};

/// For a repair (ConvertOptions::make_valid): a geometry GEOS can read, made from one it cannot read,
/// as GDAL's MakeValid goes through GEOS and cannot repair those. A LinearRing on its own
/// becomes a LineString; a ring that does not close is closed; a ring of fewer than 4 points
/// (it bounds no area) is left out, and a polygon without its exterior ring is empty; a line of
/// one point becomes that point; the parts of a collection are made readable one by one.
/// Nothing when `geometry` needs none of that.
std::unique_ptr<OGRGeometry> readable_by_geos(const OGRGeometry &geometry);

} // namespace depomap::loading
