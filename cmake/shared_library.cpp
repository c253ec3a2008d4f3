// libdepomap.so is the two static libraries (depomap_base, depomap_gdal) linked whole; CMake wants at
// least one source of its own for a library target.
