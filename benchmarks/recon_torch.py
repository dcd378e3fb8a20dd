#!/usr/bin/env python3
"""The reconstruction attack's iteration in PyTorch's CPU autograd, float64: gnc bench RECON's comparison.

One iteration is what the reference (nivha/dataset_reconstruction, extraction.py) does per step, for a
one-hidden-layer ReLU network with a bias in the hidden layer and one output: values = Phi(x); one
torch.autograd.grad(values, theta, grad_outputs=lambda*y/N, create_graph=True) for grad_theta; the loss
sum ||p - g||^2 plus the box and lambda_min penalties; one backward pass to x and lambda; one SGD step with
momentum on each. The ReLU's derivative inside grad_theta is sigmoid(alpha z) (the reference's
ModifiedRelu), alpha = 100. Random weights and candidates (the timing does not depend on them).

Needs Debian's python3-torch (apt-get install -y python3-torch). Prints one JSON object on its last line;
exits 3 with {"status": "unavailable"} when torch cannot be imported.

    python3 benchmarks/recon_torch.py --side 14 --width 1000 --candidates 200 --seconds 10 --threads 1
"""
import argparse
import json
import sys
import time


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--side", type=int, required=True)
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--candidates", type=int, required=True)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    try:
        import torch
    except ImportError as e:
        print(json.dumps({"status": "unavailable", "reason": "python3 cannot import torch (" + str(e)
                          + "); apt-get install -y python3-torch"}))
        sys.exit(3)
    torch.set_num_threads(a.threads)
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(1)
    alpha = 100.0

    class ModifiedRelu(torch.autograd.Function):
        @staticmethod
        def forward(ctx, z):
            ctx.save_for_backward(z)
            return torch.relu(z)

        @staticmethod
        def backward(ctx, grad_output):
            (z,) = ctx.saved_tensors
            return grad_output * torch.sigmoid(alpha * z)

    d, h, n = a.side * a.side, a.width, a.candidates
    w = (torch.randn(h, d) * 0.05).requires_grad_(True)
    b = (torch.randn(h) * 0.05).requires_grad_(True)
    v = (torch.randn(1, h) * 0.05).requires_grad_(True)
    params = [w, b, v]
    x = (torch.randn(n, d) * 0.1).requires_grad_(True)
    lam = torch.rand(n, 1).requires_grad_(True)
    y = torch.cat([-torch.ones(n // 2), torch.ones(n - n // 2)])
    opt_x = torch.optim.SGD([x], lr=1e-3, momentum=0.9)
    opt_l = torch.optim.SGD([lam], lr=1e-4, momentum=0.9)

    def iteration():
        values = (ModifiedRelu.apply(x @ w.t() + b) @ v.t()).squeeze(1)
        grads = torch.autograd.grad(values, params, grad_outputs=(lam.squeeze(1) * y) / n, create_graph=True)
        kkt = sum((p.detach() - g).pow(2).sum() for p, g in zip(params, grads))
        loss = kkt + (x - 1).relu().pow(2).sum() + (-1 - x).relu().pow(2).sum() \
            + 5 * (0.1 - lam).relu().pow(2).sum()
        opt_x.zero_grad()
        opt_l.zero_grad()
        loss.backward(inputs=[x, lam])
        opt_x.step()
        opt_l.step()
        return loss.item()

    for _ in range(3):
        iteration()
    count = 0
    t0 = time.perf_counter()
    while True:
        iteration()
        count += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= a.seconds and count >= 3:
            break
    print(json.dumps({"status": "ok", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "iterations": count, "seconds": elapsed, "ms_per_iteration": 1000 * elapsed / count}))


if __name__ == "__main__":
    main()
