// Creates a store through the installed library and prints its schema version and layer count.
#include <depomap/store.hpp>

#include <iostream>

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    auto store = depomap::Store::create(argv[1]);
    std::cout << store.schema_version() << " " << store.layer_info().size() << "\n";
    return 0;
}
