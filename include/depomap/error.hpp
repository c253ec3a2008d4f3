#pragma once
// The error family: every failure a user can meet is one of these, with a one-line message.
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

/// A value given to the library is wrong. The message names the value in the library's words
/// (`subject`: "layer", "radius", "table format"...), quotes it when there is one, and says why:
/// "layer 'x': no such layer (layers: a, b)", "radius must be a finite distance >= 0". A program
/// that took the value from its user names it as the user gave it instead (renamed(): the CLI
/// puts the option's flag there, "--layer 'x': no such layer (layers: a, b)").
class BadValue : public UsageError {
  public:
    BadValue(std::string subject, std::string value, std::string reason, bool quoted = true)
        : UsageError(compose(subject, value, reason, quoted)), subject_(std::move(subject)), value_(std::move(value)),
          reason_(std::move(reason)), quoted_(quoted) {}
    const std::string &subject() const { return subject_; }
    const std::string &value() const { return value_; }
    const std::string &reason() const { return reason_; }
    /// The message with `name` in place of the subject.
    std::string renamed(std::string_view name) const { return compose(name, value_, reason_, quoted_); }

  private:
    static std::string compose(std::string_view name, const std::string &value, const std::string &reason,
                               bool quoted) {
        if (!quoted) return std::string(name) + " " + reason;
        return std::string(name) + " '" + value + "': " + reason;
    }
    std::string subject_, value_, reason_;
    bool quoted_;
};

/// The one "no such layer" refusal: `name` (the value of `subject`) names none of `layers`,
/// which the message lists.
inline BadValue no_such_layer(std::string subject, const std::string &name, const std::vector<std::string> &layers) {
    std::string list;
    for (const auto &layer : layers) list += (list.empty() ? "" : ", ") + layer;
    return BadValue(std::move(subject), name, "no such layer (layers: " + (list.empty() ? "none" : list) + ")");
}

/// How a library message points at one of its caller's options: "the make_valid option", by the
/// option's field name in the library's Options struct ("invalid geometry: ... (" +
/// option_ref("make_valid") + " repairs it)"). A program that took its options from a user
/// writes its own name for them: the CLI turns each "the <field> option" into its flag
/// ("--make-valid"), so the library never speaks in flags.
inline std::string option_ref(std::string_view field) { return "the " + std::string(field) + " option"; }

/// How a caller words the library's messages in the files the library writes for its user (a
/// rejects file, a batch report): the CLI passes cli::with_flags, so that such a file speaks
/// the user's flags as its error lines do. Empty: the library's words.
using Wording = std::function<std::string(std::string_view)>;

/// `text` in the caller's words.
inline std::string worded(const Wording &wording, std::string_view text) {
    return wording ? wording(text) : std::string(text);
}

/// A text value (a coordinate, a field mapping, a CRS) could not be parsed. The message quotes it.
class ParseError : public Error {
  public:
    using Error::Error;
};

} // namespace depomap
