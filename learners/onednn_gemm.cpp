#include "learners/onednn_gemm.hpp"

#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace amb::learners {

namespace {

std::string shape_of(const torch::Tensor& t) {
  std::string text = "[";
  for (int64_t d = 0; d < t.dim(); ++d) text += (d ? ", " : "") + std::to_string(t.size(d));
  return text + "]";
}

bool readable_by_onednn(const torch::Tensor& t) {
  return t.scalar_type() == torch::kFloat && t.device().is_cpu() &&
         (t.size(1) <= 1 || t.stride(1) == 1);
}

// The leading dimension oneDNN asks for: the stride of the rows.
int64_t row_stride(const torch::Tensor& t) {
  return std::max<int64_t>({t.stride(0), t.size(1), 1});
}

}  // namespace

void gemm_into(torch::Tensor out, const torch::Tensor& a, bool transpose_a, const torch::Tensor& b,
               bool transpose_b, float beta) {
  if (a.dim() != 2 || b.dim() != 2 || out.dim() != 2 || a.scalar_type() != b.scalar_type() ||
      a.scalar_type() != out.scalar_type())
    throw std::invalid_argument("gemm_into: needs three 2-D tensors of one type, not " +
                                shape_of(a) + ", " + shape_of(b) + " and " + shape_of(out));
  const int64_t m = a.size(transpose_a ? 1 : 0), k = a.size(transpose_a ? 0 : 1);
  const int64_t n = b.size(transpose_b ? 0 : 1);
  if (b.size(transpose_b ? 1 : 0) != k || out.size(0) != m || out.size(1) != n)
    throw std::invalid_argument("gemm_into: cannot multiply " + shape_of(a) +
                                (transpose_a ? "ᵀ" : "") + " by " + shape_of(b) +
                                (transpose_b ? "ᵀ" : "") + " into " + shape_of(out));
  if (!readable_by_onednn(a) || !readable_by_onednn(b) || !readable_by_onednn(out)) {
    // Other types (the tests' double-precision checks) and layouts go through LibTorch, which
    // like BLAS ignores out when beta is 0.
    out.addmm_(transpose_a ? a.t() : a, transpose_b ? b.t() : b, beta, 1.0);
    return;
  }
  if (m == 0 || n == 0) return;
  if (k == 0) {  // an empty sum: beta out, and as in BLAS nothing of out is read when beta is 0
    beta == 0.0f ? out.zero_() : out.mul_(beta);
    return;
  }
  const auto status = dnnl_sgemm(transpose_a ? 'T' : 'N', transpose_b ? 'T' : 'N', m, n, k, 1.0f,
                                 a.data_ptr<float>(), row_stride(a), b.data_ptr<float>(),
                                 row_stride(b), beta, out.data_ptr<float>(), row_stride(out));
  if (status != dnnl_success)
    throw std::runtime_error("oneDNN's sgemm failed (status " + std::to_string(status) + ")");
}

void linear_into(torch::Tensor out, const torch::Tensor& bias, const torch::Tensor& input,
                 const torch::Tensor& weight) {
  out.copy_(bias.reshape({1, -1}).expand_as(out));
  gemm_into(out, input, false, weight, false, 1.0f);
}

void linear_transposed_into(torch::Tensor out, const torch::Tensor& bias,
                            const torch::Tensor& input, const torch::Tensor& weight) {
  out.copy_(bias.reshape({1, -1}).expand_as(out));
  gemm_into(out, input, false, weight, true, 1.0f);
}

namespace {

struct member_linear_function : torch::autograd::Function<member_linear_function> {
  static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& h,
                               const torch::Tensor& weight, const torch::Tensor& bias) {
    const auto input = h.contiguous();
    const auto weights = weight.contiguous();
    context->save_for_backward({input, weights});
    auto out = torch::empty({input.size(0), input.size(1), weights.size(2)});
    for (int64_t k = 0; k < input.size(0); ++k) linear_into(out[k], bias[k], input[k], weights[k]);
    return out;
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* context,
                                               torch::autograd::tensor_list gradients) {
    const auto saved = context->get_saved_variables();
    const auto& input = saved[0];
    const auto& weights = saved[1];
    const auto g = gradients[0].contiguous();
    torch::Tensor input_gradient, weight_gradient, bias_gradient;
    if (context->needs_input_grad(0)) {
      input_gradient = torch::empty_like(input);
      for (int64_t k = 0; k < g.size(0); ++k)
        gemm_into(input_gradient[k], g[k], false, weights[k], true, 0.0f);  // g Wᵀ
    }
    if (context->needs_input_grad(1)) {
      weight_gradient = torch::empty_like(weights);
      for (int64_t k = 0; k < g.size(0); ++k)
        gemm_into(weight_gradient[k], input[k], true, g[k], false, 0.0f);  // hᵀ g
    }
    if (context->needs_input_grad(2)) bias_gradient = g.sum(1, true);
    return {input_gradient, weight_gradient, bias_gradient};
  }
};

}  // namespace

torch::Tensor member_linear(const torch::Tensor& h, const torch::Tensor& weight,
                            const torch::Tensor& bias) {
  if (h.dim() != 3 || weight.dim() != 3 || bias.dim() != 3 || h.size(0) != weight.size(0) ||
      h.size(2) != weight.size(1) || bias.size(0) != weight.size(0) ||
      bias.size(2) != weight.size(2))
    throw std::invalid_argument("member_linear: " + shape_of(h) + " by " + shape_of(weight) +
                                " plus " + shape_of(bias) + " is not a layer of members");
  return member_linear_function::apply(h, weight, bias);
}

}  // namespace amb::learners
