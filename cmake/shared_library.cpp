// libdepomap.so is the two static libraries (depomap_core, depomap) linked whole; CMake wants at
// least one source of its own for a library target.
