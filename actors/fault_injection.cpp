#include "actors/fault_injection.hpp"

#include <caf/all.hpp>
#include <limits>
#include <stdexcept>

namespace amb::actors {

fault_spec parse_fault(const std::string& text) {
  const auto first = text.find(':');
  const auto second = first == std::string::npos ? first : text.find(':', first + 1);
  if (second == std::string::npos)
    throw std::invalid_argument("'" + text + "': expected WORKER:KIND:SECONDS");
  fault_spec spec;
  spec.worker = text.substr(0, first);
  if (spec.worker != "collector" && spec.worker != "model_learner" &&
      spec.worker != "policy_learner")
    throw std::invalid_argument("'" + text +
                                "': WORKER must be collector, model_learner or policy_learner");
  const auto kind = text.substr(first + 1, second - first - 1);
  if (kind == "throw")
    spec.plan.kind = fault_kind::throw_exception;
  else if (kind == "nan")
    spec.plan.kind = fault_kind::nan;
  else if (kind == "stall")
    spec.plan.kind = fault_kind::stall;
  else
    throw std::invalid_argument("'" + text + "': KIND must be throw, nan or stall");
  const auto seconds_text = text.substr(second + 1);
  size_t used = 0;
  double seconds = 0;
  try {
    seconds = std::stod(seconds_text, &used);
  } catch (const std::exception&) {
  }
  if (used == 0 || used != seconds_text.size() || !(seconds > 0))
    throw std::invalid_argument("'" + text + "': SECONDS must be a positive number");
  spec.plan.every = std::chrono::duration<double>(seconds);
  return spec;
}

fault_clock::fault_clock(fault_plan plan)
    : plan_(plan),
      next_(std::chrono::steady_clock::now() +
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(plan.every)) {}

bool fault_clock::strike(std::vector<float>& values) {
  if (plan_.kind == fault_kind::none || std::chrono::steady_clock::now() < next_) return false;
  next_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(plan_.every);
  if (plan_.kind == fault_kind::throw_exception) throw std::runtime_error("injected fault: throw");
  if (plan_.kind == fault_kind::nan && !values.empty())
    values[0] = std::numeric_limits<float>::quiet_NaN();
  return plan_.kind == fault_kind::stall;
}

void hang(caf::event_based_actor* self) {
  using hang_atom = caf::atom_constant<caf::atom("hang")>;
  self->set_default_handler(caf::skip);
  self->become([](hang_atom) {});  // matches nothing anybody sends
}

}  // namespace amb::actors
