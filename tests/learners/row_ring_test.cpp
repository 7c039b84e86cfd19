// A learner's dataset kept first in, first out without copying the rows it already holds.

#include "learners/row_ring.hpp"

#include <torch/torch.h>

#include <set>

#include "tests/torch_doctest.hpp"

using namespace amb::learners;

namespace {

// Rows [first, first + n) of a two-column table whose row i is (i, -i).
torch::Tensor numbered_rows(int64_t first, int64_t n) {
  const auto i = torch::arange(first, first + n, torch::kFloat32).unsqueeze(1);
  return torch::cat({i, -i}, 1);
}

std::set<int64_t> row_numbers(const row_ring& ring) {
  std::set<int64_t> numbers;
  const auto rows = ring.rows();
  for (int64_t r = 0; r < rows.size(0); ++r) {
    CHECK(rows[r][1].item<float>() == -rows[r][0].item<float>());  // rows stay whole
    numbers.insert(static_cast<int64_t>(rows[r][0].item<float>()));
  }
  return numbers;
}

std::set<int64_t> range_of(int64_t first, int64_t end) {
  std::set<int64_t> numbers;
  for (int64_t i = first; i < end; ++i) numbers.insert(i);
  return numbers;
}

}  // namespace

TEST_CASE("a row ring keeps the newest rows up to its capacity, in order until it wraps") {
  row_ring ring(2, 3000);
  int64_t appended = 0;
  for (const int64_t n : {700, 700, 700}) {  // grows past its first 1024 rows
    ring.append(numbered_rows(appended, n));
    appended += n;
  }
  CHECK(ring.size() == 2100);
  CHECK(torch::equal(ring.rows(), numbered_rows(0, 2100)));
  for (const int64_t n : {700, 700, 1}) {  // wraps around
    ring.append(numbered_rows(appended, n));
    appended += n;
    CHECK(row_numbers(ring) == range_of(std::max<int64_t>(0, appended - 3000), appended));
  }
  CHECK(ring.size() == 3000);
  ring.append(numbered_rows(appended, 5000));  // more than it holds at once: the newest 3000
  appended += 5000;
  CHECK(row_numbers(ring) == range_of(appended - 3000, appended));
}

TEST_CASE("a row ring that fills its buffer to the last row grows without losing a row") {
  // 1024 rows fill the first buffer exactly; the rows after them must land in the grown one
  // after the kept rows, not over the oldest (which left rows of the new buffer unwritten).
  row_ring ring(2, 100000);
  ring.append(numbered_rows(0, 1000));
  ring.append(numbered_rows(1000, 24));
  ring.append(numbered_rows(1024, 10));
  CHECK(ring.size() == 1034);
  CHECK(torch::equal(ring.rows(), numbered_rows(0, 1034)));
  ring.append(numbered_rows(1034, 2048 - 1034));  // fills the grown buffer exactly, once more
  ring.append(numbered_rows(2048, 1));
  CHECK(torch::equal(ring.rows(), numbered_rows(0, 2049)));
}

TEST_CASE("a row ring holds booleans too, and refuses no room") {
  row_ring mask(3, 4, torch::kBool);
  mask.append(torch::ones({2, 3}, torch::kBool));
  mask.append(torch::zeros({3, 3}, torch::kBool));
  CHECK(mask.size() == 4);
  CHECK(mask.rows().sum().item<int64_t>() == 3);  // one of the first two rows left
  CHECK_THROWS_AS(row_ring(2, 0), std::invalid_argument);
}
