# The write-up's training run: 4 hidden units, 1000 full-batch steps, alpha 1e-6,
# DropConnect p 0.2, seed 0. Change a setting and run it again; the page draws `errors`.
import purenn

X, t = purenn.load_housing()  # X (506, 3), t (506, 1)
X0 = purenn.apply_scale(X, purenn.fit_scale(X))  # (506, 3)


def report(iteration, error, weights):
    if iteration % 100 == 0:
        print(f"step {iteration:4d}   error {error:12.2f}")


result = purenn.train(X0, t, n_h=4, n_iter=1000, alpha=1e-6, p=0.2, seed=0, callback=report)
errors = result.errors  # one loss per step
print(f"final error {errors[-1]!r} = {errors[-1].hex()}")
