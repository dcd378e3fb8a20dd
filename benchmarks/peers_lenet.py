#!/usr/bin/env python3
"""The peers' own Guess & Check code on gnc bench's LENET cell: candidates (models) per second on CPU.

Chiang et al., ICLR 2023 (github.com/Ping-C/optimizer, checkout given by --chiang) and Peleg & Hein,
ICML 2024 (github.com/AmitPeleg/generalization, --peleg) draw many LeNets at once as grouped convolutions
(groups = models per forward, their `model_count_times_batch_size // n`), evaluate all of them on the n
training images in one forward pass and keep the interpolators by index. This script imports THEIR
LeNet class and THEIR functions of that loop from their checkouts and times it on the cell of
`gnc bench LENET` (conf/bench/lenet.conf): Fashion-MNIST T-shirt/top (class 0) against Trouser (class 1),
the first 4 training images of each class (n = 8), pixels / 255 normalized by the mean and std of all
60,000 training images (their `_get_statistics` + `Normalize`), LeNet at width 0.5 (conv 3 and 8
channels, fc 60 and 42, two logits, every layer with a bias), their `uniform` init, no loss bin.

One timed batch of M models is, in their order:
  Chiang (train_distributed.py:490-527, one model object reused): `LeNetModels.reinitialize()` (init
    uniform: every weight and bias U[-1, 1]); `get_optimizer_and_scheduler` and `train` with
    optimizer `guess` (both return at once); `calculate_loss_acc(train, labels, model.forward_normalize,
    CrossEntropyLoss(reduction='none'))` under no_grad (utils.py:10); the acceptance mask
    `(es_l < loss) & (loss <= es_u) & (acc == 1.0)` with es_l = -inf, es_u = +inf (their defaults: no
    bin); its count; `get_weights_by_idx` of the accepted models. The mask line is copied (it is inline
    in their `__main__`, so it cannot be imported); everything else is their function.
  Peleg (train.py:68-122, a new model per batch, as their loop does): `get_model` (LeNetModels);
    `initialize_model(model, 'uniform', zero_bias=True)` (their defaults: weights U[-1, 1], biases 0);
    `get_optimizer_and_scheduler`; `train` with optimizer `guess` under `SetTrainModelMode`;
    `calculate_loss_acc_w_norm(..., model.forward_normalize_mult, ...)` under no_grad,
    `SetTrainModelMode` and `SetBNSetRunningStats`; `find_perfect_models`; `get_models_zero_training_error`
    for the accepted ones. Their config object is a plain dict with their defaults and the keys above.
Neither side scores the accepted models on the test set inside the timed batch (Chiang scores them after
its loop; Peleg right after each batch, left out here): the figure is comparable with gnc's filter
(decisions only), not with gnc's sampler with test scoring.

Stubbed (empty modules put in sys.modules before importing their files; nothing of the timed path):
  matplotlib, matplotlib.pyplot, matplotlib.colors (Chiang's utils.py imports them for plots);
  tqdm (progress bars); tabulate (their sql.py prints tables); torchvision, torchvision.transforms
  (Chiang's datasets.py imports them for its MNIST/CIFAR loaders, not used: the data is built here from
  the IDX files); fastargs, fastargs.validation, fastargs.decorators (their config system: Section and
  Param become no-ops and @param/@section identities, so their functions take the config values as
  arguments, which this script passes). Their SQL bookkeeping, file writes and wandb are not called.

Each peer runs in its own child process (both repositories have top-level modules named `utils` and
`sql`), on --threads torch threads, for each M of --models: one untimed batch, then batches until
--seconds have passed (at least --min-batches). Ms whose forward would need more than --max-gb are
skipped and listed. The last line per peer is its best figure and M; --json prints one JSON object at the
end. A benchmark only: no test or CI calls it.

    /usr/bin/python3 benchmarks/peers_lenet.py --chiang /tmp/peers/c --peleg /tmp/peers/p --threads 2
"""
import argparse
import gzip
import json
import math
import os
import subprocess
import sys
import time
import types

DEFAULT_FMNIST = "/usr/share/datasets/fashion-mnist"
DEFAULT_MODELS = "100,300,1000,3000,10000,20000,30000"
WIDTH = 0.5
TRAIN_PER_CLASS = 4
CLASSES = (0, 1)
# Float32 values alive at once per model in one forward of n images (input repeated per model, conv1 out,
# its ReLU and pool, conv2 out, its ReLU and pool, the fc layers): an estimate for --max-gb, not a measure.
FLOATS_PER_MODEL_PER_IMAGE = 784 + 2 * 3 * 24 * 24 + 3 * 12 * 12 + 2 * 8 * 8 * 8 + 8 * 4 * 4 + 2 * 60 + 2 * 42 + 2 * 2


def read_idx(path):
    """An IDX file (gzip or not) as a numpy array of its shape."""
    import numpy as np
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def training_set(fmnist):
    """The LENET cell's 8 training images as their protocol prepares them: x / 255, then (x - mean) / std
    with the mean and std of all training images (their _get_statistics), labels 0 (T-shirt) and 1 (Trouser)."""
    import numpy as np
    import torch
    images = read_idx(os.path.join(fmnist, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    labels = read_idx(os.path.join(fmnist, "train-labels-idx1-ubyte.gz"))
    mean = float(torch.from_numpy(images).mean())
    std = float(torch.from_numpy(images).std())
    xs, ys = [], []
    for label, cls in enumerate(CLASSES):
        idx = np.nonzero(labels == cls)[0][:TRAIN_PER_CLASS]
        xs.append(images[idx])
        ys += [label] * len(idx)
    x = (torch.from_numpy(np.concatenate(xs))[:, None, :, :] - mean) / std
    return x.contiguous(), torch.tensor(ys, dtype=torch.long), mean, std


def stub_their_imports():
    """Empty stand-ins for the modules their files import but the timed path does not use (module doc)."""
    def module(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    class Section:
        def __init__(self, *args, **kwargs):
            pass

        def params(self, **kwargs):
            return self

        def enable_if(self, condition):
            return self

    class Checker:
        pass

    def identity_decorator(*args, **kwargs):
        return lambda f: f

    def no_config():
        raise RuntimeError("fastargs is stubbed: pass the config values as arguments")

    module("fastargs", Section=Section, Param=lambda *a, **k: None, get_current_config=no_config)
    module("fastargs.validation", OneOf=lambda *a, **k: None, Or=lambda *a, **k: None, Checker=Checker)
    module("fastargs.decorators", param=identity_decorator, section=identity_decorator)
    module("tqdm", tqdm=lambda x, *a, **k: x)
    module("tabulate", tabulate=lambda *a, **k: "")
    plt = module("matplotlib.pyplot")
    colors = module("matplotlib.colors", ListedColormap=object)
    module("matplotlib", pyplot=plt, colors=colors)
    transforms = module("torchvision.transforms")
    module("torchvision", transforms=transforms)


def chiang_batch(repo, models, x, y):
    """Chiang's loop body (module doc) as a function of nothing: returns one batch's accepted count."""
    sys.path.insert(0, repo)
    import torch
    from torch import nn
    import utils as their_utils
    import train_distributed as their_loop
    model = their_utils.LeNetModels(output_dim=2, width_factor=WIDTH, model_count=models, dataset="mnist",
                                    feature_dim=None)
    loss_func = nn.CrossEntropyLoss(reduction="none")
    es_l, es_u = -float("inf"), float("inf")

    def batch():
        model.reinitialize()
        optimizer, scheduler = their_loop.get_optimizer_and_scheduler(name="guess", model=model)
        model_result = their_loop.train(x, y, None, None, model, loss_func, optimizer, scheduler, name="guess",
                                        batch_size=None, es_u=es_u)
        with torch.no_grad():
            train_loss, train_acc = their_utils.calculate_loss_acc(x, y, model_result.forward_normalize, loss_func,
                                                                   batch_size=None)
        # train_distributed.py:515, inline in their __main__:
        perfect_model_idxs = ((es_l < train_loss) & (train_loss <= es_u) & (train_acc == 1.0))
        accepted = perfect_model_idxs.sum().detach().cpu().item()
        if accepted > 0:
            model_result.get_weights_by_idx(perfect_model_idxs)
        return accepted

    return batch


def peleg_batch(repo, models, x, y):
    """Peleg's loop body (module doc): returns one batch's accepted count."""
    sys.path.insert(0, repo)
    import torch
    from torch import nn
    from utils import model_utils, train_utils
    config = {
        "model.arch": "lenet", "dataset.name": "mnist", "dataset.mnistcifar.num_classes": 2,
        "model.lenet.width": WIDTH, "model.lenet.feature_dim": None, "model.lenet.kernel_size": 5,
        "model.init": "uniform", "model.zero_bias": True, "model.model_count_times_batch_size": models * len(x),
        "optimizer.name": "guess", "optimizer.lr": 0.01, "optimizer.momentum": 0, "optimizer.epochs": 60,
        "optimizer.batch_size": 2, "optimizer.scheduler": None,
        "output.successful_model_count": 1 << 62, "output.save_normalized_loss_per_epoch": False,
        "output.load_models_from_previous_num_of_samples": False,
    }
    batch_size, model_count = train_utils.get_batch_size_model_count(config, len(x))
    assert model_count == models and batch_size is None, (model_count, batch_size)
    loss_func = nn.CrossEntropyLoss(reduction="none")
    device = torch.device("cpu")
    classes = list(range(2))
    n = len(x)

    def batch():
        model = model_utils.get_model(config=config, model_count=model_count, device=device)
        model = train_utils.initialize_model(model, init_type=config["model.init"], zero_bias=config["model.zero_bias"])
        optimizer, scheduler = train_utils.get_optimizer_and_scheduler(config, model)
        with train_utils.SetTrainModelMode(model, new_mode=True, name="training"):
            model_result, _, count = train_utils.train(config, None, x, y, None, None, model, loss_func, optimizer,
                                                       scheduler, batch_size, [n], n, model_count, 2, device)
        with torch.no_grad():
            with train_utils.SetTrainModelMode(model, new_mode=True, name="training"):
                with train_utils.SetBNSetRunningStats(model, new_mode=False, name="checking 100 percent train acc"):
                    _, _, train_acc, _, _ = train_utils.calculate_loss_acc_w_norm(
                        x, y, model_result.forward_normalize_mult, loss_func, batch_size=batch_size, classes=classes)
            idxs, _, accepted, _ = train_utils.find_perfect_models(config, count, 0, train_acc)
            if accepted > 0:
                train_utils.get_models_zero_training_error(config, model_result, idxs, accepted, device)
        return accepted

    return batch


def measure_one(peer, repo, fmnist, models, threads, seconds, min_batches, seed):
    """In this (child) process: one peer at one M; prints one JSON line."""
    stub_their_imports()
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    x, y, mean, std = training_set(fmnist)
    batch = (chiang_batch if peer == "chiang" else peleg_batch)(os.path.abspath(repo), models, x, y)
    batch()  # untimed: first-call allocations and oneDNN's primitive cache
    done, accepted, t0 = 0, 0, time.perf_counter()
    while done < min_batches or time.perf_counter() - t0 < seconds:
        accepted += batch()
        done += 1
    elapsed = time.perf_counter() - t0
    print(json.dumps({"peer": peer, "models_per_forward": models, "batches": done, "candidates": done * models,
                      "accepted": accepted, "seconds": elapsed, "cand_per_s": done * models / elapsed,
                      "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "normalization": [mean, std]}), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--chiang", metavar="DIR", help="a checkout of Ping-C/optimizer (75f566c)")
    p.add_argument("--peleg", metavar="DIR", help="a checkout of AmitPeleg/generalization (74c221c)")
    p.add_argument("--fashion-mnist", metavar="DIR",
                   default=os.environ.get("FMNIST_DIR", DEFAULT_FMNIST),
                   help="the Fashion-MNIST IDX files (default $FMNIST_DIR, else " + DEFAULT_FMNIST + ")")
    p.add_argument("--models", default=DEFAULT_MODELS, help="models per forward to try (default " + DEFAULT_MODELS + ")")
    p.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    p.add_argument("--seconds", type=float, default=10, help="timed seconds per M (default 10)")
    p.add_argument("--min-batches", type=int, default=2, help="at least this many timed batches per M (default 2)")
    p.add_argument("--max-gb", type=float, default=6, help="skip an M whose forward needs more (estimate; default 6)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print all figures as one JSON object at the end")
    p.add_argument("--one", nargs=2, metavar=("PEER", "M"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one:
        repo = a.chiang if a.one[0] == "chiang" else a.peleg
        measure_one(a.one[0], repo, a.fashion_mnist, int(a.one[1]), a.threads, a.seconds, a.min_batches, a.seed)
        return
    peers = [(name, repo) for name, repo in (("chiang", a.chiang), ("peleg", a.peleg)) if repo]
    if not peers:
        p.error("give --chiang DIR and/or --peleg DIR")
    n = TRAIN_PER_CLASS * len(CLASSES)
    summary = {"cell": "LENET (conf/bench/lenet.conf): Fashion-MNIST T-shirt/Trouser, n = 8, LeNet width 0.5",
               "threads": a.threads, "peers": {}}
    for peer, repo in peers:
        runs, skipped = [], []
        for models in [int(m) for m in a.models.split(",")]:
            gb = models * n * FLOATS_PER_MODEL_PER_IMAGE * 4 / 1e9
            if gb > a.max_gb:
                skipped.append(models)
                print(f"{peer}: M = {models:,} skipped (forward needs about {gb:.1f} GB > --max-gb {a.max_gb})",
                      flush=True)
                continue
            cmd = [sys.executable, os.path.abspath(__file__), "--one", peer, str(models), "--" + peer, repo,
                   "--fashion-mnist", a.fashion_mnist, "--threads", str(a.threads), "--seconds", str(a.seconds),
                   "--min-batches", str(a.min_batches), "--seed", str(a.seed)]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{peer}: M = {models:,} failed:\n{r.stderr[-2000:]}", file=sys.stderr, flush=True)
                sys.exit(1)
            run = json.loads(r.stdout.strip().splitlines()[-1])
            runs.append(run)
            print(f"{peer}: M = {models:,} models per forward: {run['cand_per_s']:,.0f} cand/s ({run['batches']}"
                  f" batches, {run['candidates']:,} candidates, {run['accepted']} accepted, {run['seconds']:.1f} s)",
                  flush=True)
        best = max(runs, key=lambda r: r["cand_per_s"])
        print(f"{peer} best: {best['cand_per_s']:,.0f} cand/s at {best['models_per_forward']:,} models per forward"
              f" (model_count_times_batch_size = {best['models_per_forward'] * n:,}; torch {best['torch']},"
              f" {best['threads']} threads)", flush=True)
        summary["peers"][peer] = {"best_cand_per_s": best["cand_per_s"],
                                  "best_models_per_forward": best["models_per_forward"], "runs": runs,
                                  "skipped_models_per_forward": skipped}
    if a.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
