#include "command.hpp"

#include "depomap/sqlite.hpp"

#include <iostream>
#include <malloc.h>
#include <string>
#include <vector>

int main(int argc, char **argv) {
    // Memory a verb frees between its blocks stays with the process for the next ones: given
    // back to the system and asked for again, every page costs a fault (nearest over a million
    // deposits took 10,000 fewer with this, a third of them). Blocks up to 32 MiB come from
    // the heap, and the heap is not trimmed; the process is short-lived.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    depomap::sql::tune_for_this_process();
    std::ios::sync_with_stdio(false);
    const std::vector<std::string> args(argv + 1, argv + argc);
    // The verbs that need GDAL come from the module, loaded when one of them runs.
    const int code = depomap::cli::run(args, std::cout, std::cerr, depomap::cli::module_gdal_verbs());
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "depomap: writing to standard output failed\n";
        return 1;
    }
    return code;
}
