namespace CnnApi.Architectures.Layers;

/// <summary>Keras padding modes.</summary>
public enum Padding { Valid, Same }

/// <summary>The two pooling reductions.</summary>
public enum PoolKind { Max, Average }

/// <summary>Activations of the contract, named as Keras names them (<c>leaky_relu</c>, <c>silu</c>/<c>swish</c>).</summary>
public enum ActivationKind { Linear, Relu, Sigmoid, Tanh, Softmax, Elu, Selu, Gelu, LeakyRelu, Silu }
