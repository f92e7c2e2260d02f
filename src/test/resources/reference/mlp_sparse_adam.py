"""Reference trajectory of an MLP whose first layer is trained sparse (lazily), for MlpSparseAdamTest.

Writes mlp_sparse_adam.json beside this script. Run with Debian's PyTorch: /usr/bin/python3 mlp_sparse_adam.py
(PyTorch 1.13, float64, one thread; seeded, so a rerun writes the same file).

The model, per case: the first layer is an nn.EmbeddingBag(inputs, hidden, mode='sum', sparse=True)
over each record's nonzero columns with per_sample_weights = their values (x W^T for a sparse x;
its weight is W^T, a row per input column) plus a dense bias; then ReLU and nn.Linear layers
(dropout 0). Loss: cross-entropy with label smoothing (classification) or MSELoss (regression),
mean over the batch. One step per batch of `batch` records in file order:
  1. backward; the total gradient norm over all parameters (the sparse gradient coalesced: the dense norm);
     every gradient scaled by min(1, clip / (norm + 1e-6)) (clip_grad_norm_'s rule);
  2. the first layer's weight: decoupled decay w <- w (1 - lr wd) on EVERY row (the dense equivalent of
     streamlearn's lazy catch-up (1 - lr wd)^(skipped steps)), then torch.optim.SparseAdam (moments and
     update only for the rows of the batch's columns);
  3. every other parameter: torch.optim.AdamW(lr, betas, eps, weight_decay=wd).
Recorded: the initial parameters, the records, and after every step the batch loss (before the step),
the gradient norm before clipping and all parameters in streamlearn's layout (weight [out][in], bias
[out], per layer), and the final predictions (softmax probabilities or the output) of probe records.
A NumPy re-implementation of the same rule (below, the lazy form: per column the decay owed since its
last step) cross-checks the parameters; the largest difference is printed and stored.
"""
import json
import math
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

CASES = [
    dict(name="classification", inputs=40, hidden=[6, 4], classes=3, batch=4, records=160, lr=0.01,
         betas=(0.9, 0.999), eps=1e-8, wd=0.5, clip=0.5, label_smoothing=0.1, seed=11),
    dict(name="regression", inputs=30, hidden=[5], classes=0, batch=3, records=90, lr=0.02,
         betas=(0.8, 0.99), eps=1e-8, wd=0.25, clip=0.0, label_smoothing=0.0, seed=12),
]


def records(case, rng):
    """Sparse records: 1..5 distinct columns, column k drawn with weight 1/(k+1) (some columns are rare)."""
    d = case["inputs"]
    p = 1.0 / np.arange(1, d + 1)
    p /= p.sum()
    out = []
    for _ in range(case["records"]):
        nnz = int(rng.integers(1, 6))
        cols = sorted(int(c) for c in rng.choice(d, size=nnz, replace=False, p=p))
        vals = [float(v) if rng.random() < 0.5 else 1.0 for v in rng.normal(0.0, 1.0, size=nnz)]
        if case["classes"]:
            score = sum(v * (1 if c % 3 == 0 else -1) for c, v in zip(cols, vals))
            label = int(0 if score > 0.5 else (1 if score > -0.5 else 2))
        else:
            label = float(sum(v * ((c % 5) - 2) * 0.3 for c, v in zip(cols, vals)) + 0.1)
        out.append({"indices": cols, "values": vals, "label": label})
    return out


def init_layers(case, rng):
    sizes = [case["inputs"]] + case["hidden"] + [case["classes"] or 1]
    layers = []
    for i in range(len(sizes) - 1):
        bound = 1.0 / math.sqrt(sizes[i])
        layers.append({"weight": rng.uniform(-bound, bound, size=(sizes[i + 1], sizes[i])),
                       "bias": rng.uniform(-bound, bound, size=sizes[i + 1])})
    return layers


class Net(torch.nn.Module):
    def __init__(self, layers):
        super().__init__()
        w0 = layers[0]["weight"]
        self.first = torch.nn.EmbeddingBag(w0.shape[1], w0.shape[0], mode="sum", sparse=True)
        self.first.weight.data = torch.tensor(w0.T.copy())
        self.first_bias = torch.nn.Parameter(torch.tensor(layers[0]["bias"]))
        self.rest = torch.nn.ModuleList()
        for layer in layers[1:]:
            lin = torch.nn.Linear(layer["weight"].shape[1], layer["weight"].shape[0])
            lin.weight.data = torch.tensor(layer["weight"])
            lin.bias.data = torch.tensor(layer["bias"])
            self.rest.append(lin)

    def forward(self, rows):
        idx, off, w = [], [], []
        for r in rows:
            off.append(len(idx))
            idx.extend(r["indices"])
            w.extend(r["values"])
        z = self.first(torch.tensor(idx), torch.tensor(off), per_sample_weights=torch.tensor(w)) + self.first_bias
        for lin in self.rest:
            z = lin(torch.relu(z))
        return z

    def layers(self):
        out = [{"weight": self.first.weight.detach().numpy().T.tolist(), "bias": self.first_bias.detach().numpy().tolist()}]
        for lin in self.rest:
            out.append({"weight": lin.weight.detach().numpy().tolist(), "bias": lin.bias.detach().numpy().tolist()})
        return out


def loss_of(case, out, rows):
    if case["classes"]:
        target = torch.tensor([r["label"] for r in rows])
        return torch.nn.functional.cross_entropy(out, target, label_smoothing=case["label_smoothing"])
    target = torch.tensor([[r["label"]] for r in rows])
    return torch.nn.functional.mse_loss(out, target)


def run_torch(case, layers, data):
    net = Net(layers)
    lr, wd = case["lr"], case["wd"]
    sparse_opt = torch.optim.SparseAdam([net.first.weight], lr=lr, betas=case["betas"], eps=case["eps"])
    dense_params = [net.first_bias] + [p for lin in net.rest for p in (lin.weight, lin.bias)]
    dense_opt = torch.optim.AdamW(dense_params, lr=lr, betas=case["betas"], eps=case["eps"], weight_decay=wd)
    steps = []
    b = case["batch"]
    for start in range(0, len(data) - b + 1, b):
        rows = data[start:start + b]
        sparse_opt.zero_grad(set_to_none=True)
        dense_opt.zero_grad(set_to_none=True)
        loss = loss_of(case, net(rows), rows)
        loss.backward()
        net.first.weight.grad = net.first.weight.grad.coalesce()
        sq = float((net.first.weight.grad._values() ** 2).sum())
        sq += sum(float((p.grad ** 2).sum()) for p in dense_params)
        norm = math.sqrt(sq)
        if case["clip"] > 0:
            coef = case["clip"] / (norm + 1e-6)
            if coef < 1.0:
                net.first.weight.grad.mul_(coef)
                for p in dense_params:
                    p.grad.mul_(coef)
        with torch.no_grad():
            net.first.weight.mul_(1.0 - lr * wd)
        sparse_opt.step()
        dense_opt.step()
        steps.append({"loss": float(loss), "grad_norm_before_clip": norm, "layers": net.layers()})
    return net, steps


def run_numpy(case, layers, data):
    """The lazy rule in NumPy: per touched column, (1 - lr wd)^(t - s_k), then SparseAdam; AdamW elsewhere."""
    W = [np.array(l["weight"], dtype=float) for l in layers]
    B = [np.array(l["bias"], dtype=float) for l in layers]
    params = W + B
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    last = np.zeros(case["inputs"], dtype=np.int64)
    lr, wd, (b1, b2), eps = case["lr"], case["wd"], case["betas"], case["eps"]
    nl = len(W)
    out = []
    b = case["batch"]
    t = 0
    for start in range(0, len(data) - b + 1, b):
        rows = data[start:start + b]
        t += 1
        X = np.zeros((b, case["inputs"]))
        for i, r in enumerate(rows):
            X[i, r["indices"]] = r["values"]
        touched = sorted({c for r in rows for c in r["indices"]})
        eff0 = W[0] * ((1 - lr * wd) ** (t - 1 - last))[None, :]
        acts = [X]
        z = X @ eff0.T + B[0]
        zs = [z]
        for l in range(1, nl):
            a = np.maximum(zs[-1], 0.0)
            acts.append(a)
            zs.append(a @ W[l].T + B[l])
        o = zs[-1]
        if case["classes"]:
            k = case["classes"]
            e = np.exp(o - o.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
            q = np.full((b, k), case["label_smoothing"] / k)
            q[np.arange(b), [r["label"] for r in rows]] += 1 - case["label_smoothing"]
            dz = (p - q) / b
        else:
            dz = 2 * (o - np.array([[r["label"]] for r in rows])) / b
        gW = [None] * nl
        gB = [None] * nl
        for l in range(nl - 1, -1, -1):
            gW[l] = dz.T @ acts[l]
            gB[l] = dz.sum(axis=0)
            if l > 0:
                dz = (dz @ (W[l] if l > 0 else eff0)) * (zs[l - 1] > 0)
        norm = math.sqrt(sum(float((g ** 2).sum()) for g in gW + gB))
        if case["clip"] > 0:
            coef = case["clip"] / (norm + 1e-6)
            if coef < 1:
                gW = [g * coef for g in gW]
                gB = [g * coef for g in gB]
        grads = gW + gB
        for i in range(len(params)):
            if i == 0:
                for c in touched:
                    w = W[0][:, c] * (1 - lr * wd) ** (t - last[c])
                    g = grads[0][:, c]
                    m[0][:, c] += (1 - b1) * (g - m[0][:, c])
                    v[0][:, c] += (1 - b2) * (g * g - v[0][:, c])
                    step = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                    W[0][:, c] = w - step * m[0][:, c] / (np.sqrt(v[0][:, c]) + eps)
                    last[c] = t
                continue
            p = params[i]
            m[i] = b1 * m[i] + (1 - b1) * grads[i]
            v[i] = b2 * v[i] + (1 - b2) * grads[i] ** 2
            p *= 1 - lr * wd
            p -= (lr / (1 - b1 ** t)) * m[i] / (np.sqrt(v[i]) / math.sqrt(1 - b2 ** t) + eps)
        eff = W[0] * ((1 - lr * wd) ** (t - last))[None, :]
        out.append([eff] + [p.copy() for p in W[1:] + B])
    return out


def main():
    result = {"generator": "mlp_sparse_adam.py", "torch": torch.__version__, "numpy": np.__version__, "cases": []}
    for case in CASES:
        rng = np.random.default_rng(case["seed"])
        layers = init_layers(case, rng)
        data = records(case, rng)
        probes = records(dict(case, records=6), rng)
        net, steps = run_torch(case, layers, data)
        with torch.no_grad():
            out = net(probes)
            probe_out = torch.softmax(out, dim=1) if case["classes"] else out
        numpy_steps = run_numpy(case, layers, data)
        worst = 0.0
        for s, ns in zip(steps, numpy_steps):
            nl = len(s["layers"])
            ours = [np.array(l["weight"]) for l in s["layers"]] + [np.array(l["bias"]) for l in s["layers"]]
            worst = max(worst, max(float(np.abs(a - b_).max()) for a, b_ in zip(ours, ns)))
        print(case["name"], "steps", len(steps), "torch vs numpy max |diff|", worst)
        result["cases"].append({
            **{k: case[k] for k in ("name", "inputs", "hidden", "classes", "batch", "lr", "eps", "wd", "clip",
                                    "label_smoothing")},
            "betas": list(case["betas"]),
            "init": [{"weight": l["weight"].tolist(), "bias": l["bias"].tolist()} for l in layers],
            "records": data,
            "steps": steps,
            "probes": probes,
            "probe_outputs": probe_out.numpy().tolist(),
            "torch_vs_numpy_max_abs_diff": worst,
        })
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mlp_sparse_adam.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
