#include "depomap/cli.hpp"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv) {
    std::ios::sync_with_stdio(false);
    const std::vector<std::string> args(argv + 1, argv + argc);
    const int code = depomap::cli::run(args, std::cout, std::cerr);
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "depomap: writing to standard output failed\n";
        return 1;
    }
    return code;
}
