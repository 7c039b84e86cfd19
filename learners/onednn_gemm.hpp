#pragma once

#include <torch/torch.h>

namespace amb::learners {

/// Single-precision products through oneDNN's sgemm (libdnnl, which LibTorch links already)
/// instead of LibTorch's OpenBLAS. oneDNN generates its kernels for the CPU it runs on, and on
/// this project's machines (AVX-512) OpenBLAS 0.3.21 reaches about half their rate: a 10 x 512
/// by 512 x 512 product, one member's share of an imagined step, ran about 3x as fast, a
/// 256-row one, a training batch, about 2x (`amb bench learners` times both libraries). The
/// threads are the calling thread's OpenMP setting, which set_compute_threads holds to one.

/// out = beta out + op(a) op(b), op transposing when asked, on 2-D tensors of one type (out's
/// shape must be the product's). Float CPU tensors whose rows are contiguous go to oneDNN,
/// others to LibTorch.
void gemm_into(torch::Tensor out, const torch::Tensor& a, bool transpose_a, const torch::Tensor& b,
               bool transpose_b, float beta);

/// out = bias + input weight: input [B, in], weight [in, out], bias [out] or [1, out].
void linear_into(torch::Tensor out, const torch::Tensor& bias, const torch::Tensor& input,
                 const torch::Tensor& weight);

/// out = bias + input weightᵀ: weight [out, in], a torch::nn::Linear's layout.
void linear_transposed_into(torch::Tensor out, const torch::Tensor& bias,
                            const torch::Tensor& input, const torch::Tensor& weight);

/// b + h W for every member k at once, h [K, B, in], weight [K, in, out], bias [K, 1, out]:
/// torch::baddbmm's result, differentiable once (gradients for h, weight and bias), through
/// gemm_into member by member.
torch::Tensor member_linear(const torch::Tensor& h, const torch::Tensor& weight,
                            const torch::Tensor& bias);

}  // namespace amb::learners
