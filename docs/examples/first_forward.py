# One forward pass of the write-up's network, to step through with pdb.
import purenn

X, t = purenn.load_housing()  # X (506, 3), t (506, 1)
X0 = purenn.apply_scale(X, purenn.fit_scale(X))  # (506, 3): each column divided by its maximum
W = purenn.init_weights(purenn.generator(0), 3, 4)  # W1 (3, 4), W2 (4, 1)
cache = purenn.forward(X0, W.W1, W.W2)  # Z1 (506, 4), X1 (506, 4), y (506, 1)
print(f"loss {purenn.loss(cache.y, t):.4f}")
