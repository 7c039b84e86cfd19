// The learners' GEMMs through oneDNN: the products LibTorch computes, in every orientation the
// learners use, and gradients equal to baddbmm's.

#include "learners/onednn_gemm.hpp"

#include <torch/torch.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "tests/torch_doctest.hpp"

using namespace amb::learners;

namespace {

double largest_difference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

}  // namespace

TEST_CASE("gemm_into computes op(a) op(b) in each orientation, and ignores out when beta is 0") {
  torch::manual_seed(3);
  const auto a = torch::randn({7, 5}), b = torch::randn({5, 4});
  const auto expected = a.mm(b);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (const bool transpose_a : {false, true})
    for (const bool transpose_b : {false, true}) {
      CAPTURE(transpose_a);
      CAPTURE(transpose_b);
      // Stored transposed where the product transposes it back.
      const auto stored_a = transpose_a ? a.t().contiguous() : a;
      const auto stored_b = transpose_b ? b.t().contiguous() : b;
      auto out = torch::full({7, 4}, nan);
      gemm_into(out, stored_a, transpose_a, stored_b, transpose_b, 0.0f);
      CHECK(largest_difference(out, expected) < 1e-5);
    }
  auto empty_sum = torch::full({7, 4}, nan);
  gemm_into(empty_sum, torch::zeros({7, 0}), false, torch::zeros({0, 4}), false, 0.0f);
  CHECK(empty_sum.abs().max().item<float>() == 0);
  auto accumulated = torch::ones({7, 4});
  gemm_into(accumulated, a, false, b, false, 0.5f);
  CHECK(largest_difference(accumulated, 0.5 + expected) < 1e-5);
}

TEST_CASE("gemm_into works on row slices of a wider buffer and leaves the rest alone") {
  torch::manual_seed(4);
  const auto buffer = torch::randn({10, 6});
  const auto before = buffer.clone();
  const auto weight = torch::randn({6, 3});
  auto out = torch::zeros({10, 3});
  gemm_into(out.narrow(0, 2, 5), buffer.narrow(0, 2, 5), false, weight, false, 0.0f);
  CHECK(largest_difference(out.narrow(0, 2, 5), buffer.narrow(0, 2, 5).mm(weight)) < 1e-5);
  CHECK(out.narrow(0, 0, 2).abs().max().item<float>() == 0);
  CHECK(out.narrow(0, 7, 3).abs().max().item<float>() == 0);
  CHECK(torch::equal(buffer, before));
}

TEST_CASE("gemm_into names the shapes it cannot multiply") {
  auto out = torch::zeros({3, 4});
  try {
    gemm_into(out, torch::zeros({3, 5}), false, torch::zeros({6, 4}), false, 0.0f);
    FAIL("a 3 x 5 by 6 x 4 product was accepted");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("[3, 5] by [6, 4]") != std::string::npos);
  }
  CHECK_THROWS_AS(gemm_into(out, torch::zeros({3, 5}, torch::kDouble), false, torch::zeros({5, 4}),
                            false, 0.0f),
                  std::invalid_argument);
}

TEST_CASE("gemm_into leaves to LibTorch what oneDNN cannot read: doubles, strided columns") {
  torch::manual_seed(8);
  const auto a = torch::randn({6, 5}, torch::kDouble), b = torch::randn({5, 4}, torch::kDouble);
  auto out = torch::full({6, 4}, std::numeric_limits<double>::quiet_NaN(), torch::kDouble);
  gemm_into(out, a, false, b, false, 0.0f);
  CHECK(largest_difference(out, a.mm(b)) < 1e-12);
  const auto columns = torch::randn({5, 6}).t();  // a transposed view: its columns are its rows
  auto strided = torch::empty({6, 4});
  gemm_into(strided, columns, false, b.to(torch::kFloat), false, 0.0f);
  CHECK(largest_difference(strided, columns.mm(b.to(torch::kFloat))) < 1e-5);
}

TEST_CASE("linear_into and linear_transposed_into add the bias to every row, as addmm") {
  torch::manual_seed(5);
  const auto input = torch::randn({9, 8}), weight = torch::randn({8, 6}),
             bias = torch::randn({1, 6});
  const auto expected = torch::addmm(bias, input, weight);
  auto out = torch::empty({9, 6});
  linear_into(out, bias, input, weight);
  CHECK(largest_difference(out, expected) < 1e-5);
  auto from_transposed = torch::empty({9, 6});
  linear_transposed_into(from_transposed, bias.view({6}), input, weight.t().contiguous());
  CHECK(largest_difference(from_transposed, expected) < 1e-5);
}

TEST_CASE("member_linear gives baddbmm's result and gradients for each input") {
  torch::manual_seed(6);
  const auto h = torch::randn({3, 11, 7}).requires_grad_(true);
  const auto weight = torch::randn({3, 7, 5}).requires_grad_(true);
  const auto bias = torch::randn({3, 1, 5}).requires_grad_(true);
  const auto upstream = torch::randn({3, 11, 5});

  const auto ours = member_linear(h, weight, bias);
  const auto ours_gradients = torch::autograd::grad({ours}, {h, weight, bias}, {upstream});
  const auto reference = torch::baddbmm(bias, h, weight);
  const auto reference_gradients =
      torch::autograd::grad({reference}, {h, weight, bias}, {upstream});

  CHECK(largest_difference(ours, reference) < 1e-5);
  for (size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    REQUIRE(ours_gradients[i].sizes() == reference_gradients[i].sizes());
    CHECK(largest_difference(ours_gradients[i], reference_gradients[i]) < 1e-4);
  }
}

TEST_CASE("member_linear reads a slice of a batch's rows (each member's rows apart)") {
  torch::manual_seed(7);
  const auto x = torch::randn({2, 20, 4});
  const auto weight = torch::randn({2, 4, 3}), bias = torch::randn({2, 1, 3});
  const auto slice = x.slice(1, 5, 12);  // not contiguous: each member's rows are 20 apart
  CHECK(largest_difference(member_linear(slice, weight, bias),
                           torch::baddbmm(bias, slice, weight)) < 1e-5);
  CHECK_THROWS_AS(member_linear(slice, weight.transpose(1, 2), bias), std::invalid_argument);
}
