#pragma once

// MB-MPO's inner step and its meta-objective (Clavera et al. 2018, after MAML): a task's
// adapted policy is θ' = θ + α ∇J(θ), with J estimated on that task's imagined samples by the
// likelihood-ratio surrogate; the meta-objective is the surrogate of θ' on post-adaptation
// samples, a function of θ through θ' that autograd differentiates.

#include <torch/types.h>

#include <functional>
#include <vector>

#include "learners/advantage_config.hpp"
#include "learners/advantages.hpp"

namespace amb::learners::mb_mpo {

/// A task's samples of one batch of paths, flat, with what the policy that drew them gave them.
struct task_samples {
  torch::Tensor obs;           // [M, obs_dim]
  torch::Tensor act;           // [M, act_dim]
  torch::Tensor advantages;    // [M], normalised over the batch
  torch::Tensor old_log_prob;  // [M], under the policy that drew them, a constant
};

/// The samples of `paths` drawn by the Gaussian MLP policy θ (learners/gaussian_mlp_module.hpp),
/// with advantages by GAE on a linear feature baseline fitted to these paths' returns (the
/// public code fits one per task and batch), normalised.
task_samples samples_of(const path_batch& paths, const std::vector<torch::Tensor>& theta,
                        const advantage_config& advantage);

/// The likelihood-ratio surrogate mean(exp(log π_θ(a|s) - old) A) of θ on `samples`: at the
/// policy that drew them its gradient is the policy gradient; elsewhere an importance-weighted
/// estimate of the return's change.
torch::Tensor likelihood_ratio_objective(const std::vector<torch::Tensor>& theta,
                                         const task_samples& samples);

enum class meta_gradient_order {
  exact,        // the outer gradient flows through the inner gradients (second-order terms)
  first_order,  // the inner gradients are constants: dθ'/dθ = I
};

/// θ' after one inner step per element of `steps`: θ_{j+1} = θ_j + inner_lr ∇L(θ_j; steps[j]).
/// When θ records gradients and gradient mode is on, θ' is a function of θ in the given order;
/// otherwise (a NoGradGuard's line search) a value. The inner gradients are taken either way.
std::vector<torch::Tensor> adapt(const std::vector<torch::Tensor>& theta,
                                 const std::vector<task_samples>& steps, double inner_lr,
                                 meta_gradient_order order);

/// v -> H v, H the Hessian in θ of the mean KL(π_θ'(θ₀) || π_θ'(θ)) over states `obs` at
/// θ = θ₀ (the current θ), θ' = adapt(θ, steps, ...): the outer TRPO step's Fisher-vector
/// product. As the KL's gradient in θ' is zero there, H = J^T F' J with J = dθ'/dθ (the
/// identity in the first-order approximation) and F' the adapted policy's Fisher at
/// `adapted` = θ'(θ₀) (learners/gaussian_fisher.hpp): products by backprop through the inner
/// steps, far cheaper than differentiating the KL through them twice. Flat v [parameters] in
/// and out.
///
/// With `stride` > 1 both J and F' are estimated on every stride-th row of their samples (as
/// TRPO implementations subsample their Fisher products): J through the inner steps taken on
/// those rows, F' on those of `obs`, both still at `adapted`, θ'(θ₀) of all the rows. The
/// gradient and the line search, which checks the true KL, still see every row.
std::function<torch::Tensor(const torch::Tensor&)> adapted_fisher_product(
    const std::vector<torch::Tensor>& theta, const std::vector<torch::Tensor>& adapted,
    const std::vector<task_samples>& steps, double inner_lr, meta_gradient_order order,
    const torch::Tensor& obs, int64_t stride = 1);

/// Every stride-th row of each of the samples' tensors.
task_samples every_nth_row(const task_samples& samples, int64_t stride);

/// The samples of several tasks as one batch (a member's tasks, whose adapted policy is one).
task_samples pooled(const std::vector<task_samples>& tasks);

}  // namespace amb::learners::mb_mpo
