#pragma once

// The Fisher-vector product of the Gaussian MLP policy in closed form, for the TRPO steps'
// conjugate gradient (ME-TRPO's on θ, MB-MPO's on its adapted policies).

#include <torch/types.h>

#include <functional>
#include <vector>

namespace amb::learners {

/// v -> F v, F the Hessian of the mean KL(π_θ₀ || π_θ) over the states `obs` [N, obs_dim] at
/// θ = θ₀ (mean_gaussian_kl's), θ₀ given as gaussian_mean takes it (one policy: layer weights
/// and biases, then log_std). For a diagonal Gaussian with a state-independent log_std:
///   F v = [ (1/N) Σ_n J_nᵀ Σ⁻¹ J_n v_mlp ; 2 v_log_std ],  J_n = ∂μ(x_n)/∂θ_mlp.
/// J v by forward mode through the MLP and Jᵀ w by backprop, by hand on activations kept from
/// one forward pass: about a third of the work of differentiating the KL twice, and no graph.
/// Flat v in θ's order in and out. θ₀'s values are copied: later changes to θ do not enter.
std::function<torch::Tensor(const torch::Tensor&)> gaussian_fisher_product(
    const std::vector<torch::Tensor>& theta, const torch::Tensor& obs);

}  // namespace amb::learners
