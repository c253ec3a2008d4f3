#pragma once
// The error family: every failure a user can meet is one of these, with a one-line message.
#include <stdexcept>
#include <string>

namespace depomap {

/// A failure while running: bad data, I/O, a busy store. The CLI exits with 1.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The command line itself is wrong. The CLI exits with 2.
class UsageError : public Error {
  public:
    using Error::Error;
};

/// A text value (a coordinate, a field mapping, a CRS) could not be parsed. The message quotes it.
class ParseError : public Error {
  public:
    using Error::Error;
};

} // namespace depomap
