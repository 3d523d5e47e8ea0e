// NumPy .npy files.
