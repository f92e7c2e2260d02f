"""One MLP training step in PyTorch, the counterpart of MlpStepBench.

10 -> 32 -> 16 -> 1 ReLU MLP (optional dropout), batch 32, MSELoss, backward,
clip_grad_norm_(1.0), torch.optim.AdamW(lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
weight_decay=0.01), in float64 and float32, one thread. Prints one JSON line per
configuration with the median steps/s over the repeats.

Usage: /usr/bin/python3 bench/mlp_step_torch.py [--steps N] [--repeats R]
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn

torch.set_num_threads(1)


def measure(dtype, dropout, steps, repeats):
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(10, 32), nn.ReLU(), nn.Dropout(dropout),
        nn.Linear(32, 16), nn.ReLU(), nn.Dropout(dropout),
        nn.Linear(16, 1)).to(dtype)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999),
                                  eps=1e-8, weight_decay=0.01)
    loss_fn = nn.MSELoss()
    x = torch.randn(32, 10, dtype=dtype)
    y = torch.randn(32, 1, dtype=dtype)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    for _ in range(steps // 2):  # warm-up
        step()
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        rates.append(steps / (time.perf_counter() - start))
    return statistics.median(rates), rates


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for dropout in (0.0, 0.2):
        for name, dtype in (("float64", torch.float64), ("float32", torch.float32)):
            median, rates = measure(dtype, dropout, args.steps, args.repeats)
            print(json.dumps({"dtype": name, "dropout": dropout, "median_steps_per_s": median,
                              "repeats": [round(r, 1) for r in rates], "threads": torch.get_num_threads(),
                              "torch": torch.__version__}))


if __name__ == "__main__":
    main()
