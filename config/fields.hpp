#pragma once

// One declaration per configuration key: its struct field, JSON name, default and valid values
// are written once, in a free function beside the struct,
//
//   template <class Visit>
//   void visit_fields(ensemble_config& c, Visit&& v) {
//     v("members", c.members, interval::closed(1, 64));
//     v("hidden", c.hidden, interval::closed(1, 4096));  // each element of a list
//     v("probabilistic", c.probabilistic);
//   }
//
// (the default is the field's initialiser). Writing, reading and checking configurations
// (config/json_fields.hpp) all walk that one list, so they cannot drift apart. A field that is a
// struct with its own visit_fields is a nested section. Depends on nothing of ours, so every
// layer may declare its configuration this way.

#include <stdexcept>
#include <string>
#include <vector>

namespace amb::config {

/// The valid values of a numeric key (or of every element of a list of numbers).
struct interval {
  double low;
  double high;
  bool low_open = false;   // true: low itself is not valid
  bool high_open = false;  // true: high itself is not valid

  static interval closed(double low, double high) { return {low, high, false, false}; }
  /// (low, high]: for values that must be above low, such as learning rates above 0.
  static interval above(double low, double high) { return {low, high, true, false}; }
  /// (low, high): for fractions strictly between two bounds.
  static interval open(double low, double high) { return {low, high, true, true}; }

  bool contains(long double x) const;
  /// As a user would write it: "[1, 256]", "(0, 1]".
  std::string text() const;
};

/// A string key that takes one of a list of values; `what` names them in the error
/// ("unknown environment 'cheetah'; valid: ...").
struct one_of {
  std::string what;
  std::vector<std::string> values;

  /// Why `given` is not one of them ("unknown environment 'cheetah'; valid: half_cheetah, ..."),
  /// or "" when it is.
  std::string refusal(const std::string& given) const;
};

/// A section's checks across its keys (a network too large for the machine as a whole, though
/// each of its layers is in range), run after every key passed its own; throws config_error
/// starting with `path`. A section declares one as a free function beside its visit_fields;
/// sections without take this one.
template <class Section>
void check_section(const Section&, const std::string& /*path*/) {}

/// A configuration the user got wrong; the message starts with the key's path ("env.name: ...").
class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace amb::config
