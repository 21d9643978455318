namespace CnnApi.Architectures.Layers;

/// <summary>Keras padding modes.</summary>
public enum Padding { Valid, Same }

/// <summary>The two pooling reductions.</summary>
public enum PoolKind { Max, Average }

/// <summary>Activations of the contract, named as Keras names them (<c>leaky_relu</c>, <c>silu</c>/<c>swish</c>).</summary>
public enum ActivationKind { Linear, Relu, Sigmoid, Tanh, Softmax, Elu, Selu, Gelu, LeakyRelu, Silu }

/// <summary>The element-wise merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum.</summary>
public enum MergeKind { Add, Subtract, Multiply, Average, Maximum, Minimum }

/// <summary>Interpolation of UpSampling2D, Resizing and the random geometric layers.</summary>
public enum Interpolation { Nearest, Bilinear }

/// <summary>RandomFlip's modes.</summary>
public enum FlipMode { Horizontal, Vertical, HorizontalAndVertical }

/// <summary>How the random geometric layers fill points outside the image (Keras's fill_mode; "wrap" is not offered).</summary>
public enum FillMode { Reflect, Constant, Nearest }
