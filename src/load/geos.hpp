#pragma once
// GEOS through its reentrant C API, with owned handles.
#include <geos_c.h>

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

} // namespace depomap::loading
