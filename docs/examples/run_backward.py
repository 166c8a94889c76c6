# The backward pass of the write-up's network, seed 0, then a check of every entry of
# dW1 and dW2 against a central difference (L(W + h) - L(W - h)) / 2h.
import purenn

seed, n_h, h = 0, 4, 1e-5
X, t = purenn.load_housing()  # X (506, 3), t (506, 1)
X0 = purenn.apply_scale(X, purenn.fit_scale(X))  # (506, 3)
W = purenn.init_weights(purenn.generator(seed), 3, n_h)  # W1 (3, n_h), W2 (n_h, 1)
cache = purenn.forward(X0, W.W1, W.W2)  # Z1 (506, n_h), X1 (506, n_h), y (506, 1)
grads = purenn.backward(X0, t, W.W1, W.W2, cache)  # dW1 (3, n_h), dW2 (n_h, 1)
print("dW1 =", grads.dW1)
print("dW2 =", grads.dW2)


def loss_with(name, i, j, step):
    """The loss with weight name[i][j] moved by step, every other weight as it is."""
    weights = {"W1": [row[:] for row in W.W1], "W2": [row[:] for row in W.W2]}
    weights[name][i][j] += step
    return purenn.loss(purenn.forward(X0, weights["W1"], weights["W2"]).y, t)


worst = 0.0
for name, dW in (("W1", grads.dW1), ("W2", grads.dW2)):
    for i, row in enumerate(dW):
        for j, grad in enumerate(row):
            estimate = (loss_with(name, i, j, h) - loss_with(name, i, j, -h)) / (2 * h)
            gap = abs(grad - estimate) / max(abs(grad), abs(estimate), 1e-12)
            worst = max(worst, gap)
            print(f"d{name}[{i}][{j}] {grad:14.6f}   finite difference {estimate:14.6f}")
print(f"largest relative difference {worst:.1e}")
assert worst < 1e-5, "backward and the finite differences disagree"
