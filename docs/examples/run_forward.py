# The forward pass of the write-up's network, seed 0, on all 506 rows.
# Change anything (the seed, the number of hidden units n_h, the rows printed) and run it again.
import purenn

seed, n_h = 0, 4
X, t = purenn.load_housing()  # X (506, 3), t (506, 1)
X0 = purenn.apply_scale(X, purenn.fit_scale(X))  # (506, 3): each column divided by its maximum
W = purenn.init_weights(purenn.generator(seed), 3, n_h)  # W1 (3, n_h), W2 (n_h, 1)
cache = purenn.forward(X0, W.W1, W.W2)  # Z1 (506, n_h), X1 (506, n_h), y (506, 1)
print("W1     =", W.W1)
print("W2     =", W.W2)
print("Z1[:3] =", cache.Z1[:3])
print("X1[:3] =", cache.X1[:3])
print("y[:3]  =", cache.y[:3])
print("loss   =", purenn.loss(cache.y, t))
