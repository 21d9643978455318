// Builds CnnApi specs with TensorFlow.js layers (an independent implementation of Keras's shape and parameter
// rules) and prints every top-level layer's output shape and parameter counts. Used by KerasOracleTests.
// stdin: a JSON list of models {inputShape, layers: [{name, inputs: [names], spec: {type, ...}} or {name, call, inputs}]}
// in topological order, the input being named "input_1". stdout: one JSON list per model of {name, shape, params,
// trainable} (shape "multiple" for a shared layer whose calls differ), or {error} when tfjs refuses the model.
// tfjs 4.22 lacks Subtract, SpatialDropout2D and the random augmentation layers: they are built as Add, Dropout and
// a linear Activation, whose shape and parameter rules are the same. Its Resizing reports a wrong output shape (the
// height in the batch position), so Resizing is built as the padding or cropping that reaches the same size.
// These four stand-ins check only the rest of a model: the layers themselves are checked by hand against numbers Keras
// prints (Keras source formulas and docs, and the Keras 3 document bad-k3-226ykcaj-augment.json in
// /work/shared/keras-real) in tests/CnnApi.Architectures.Tests/OracleStandInTests.cs.
const tf = require('@tensorflow/tfjs');

const format = (f) => (f === 'channels_first' ? 'channelsFirst' : 'channelsLast');

function config(spec) {
  const c = {};
  for (const [key, value] of Object.entries(spec)) {
    if (['type', 'name', 'inputs', 'layers', 'inputShape'].includes(key)) continue;
    c[key] = key === 'dataFormat' ? format(value) : value;
  }
  if (spec.type === 'LeakyReLU' && c.negativeSlope !== undefined) { c.alpha = c.negativeSlope; delete c.negativeSlope; }
  if (spec.type === 'ReLU') { delete c.negativeSlope; delete c.threshold; if (c.maxValue === null) delete c.maxValue; }
  if (spec.type === 'Flatten') delete c.dataFormat;
  if (spec.type === 'UpSampling2D' && typeof c.size === 'number') c.size = [c.size, c.size];  // tfjs wants [rows, cols]
  return c;
}

function make(spec, name) {
  const c = { ...config(spec), name };
  switch (spec.type) {
    case 'Sequential':
    case 'Functional': return nested(spec, name);
    case 'Conv2D': return tf.layers.conv2d(c);
    case 'SeparableConv2D': return tf.layers.separableConv2d(c);
    case 'DepthwiseConv2D': return tf.layers.depthwiseConv2d(c);
    case 'Conv2DTranspose': return tf.layers.conv2dTranspose(c);
    case 'MaxPooling2D': return tf.layers.maxPooling2d(c);
    case 'AveragePooling2D': return tf.layers.averagePooling2d(c);
    case 'GlobalAveragePooling2D': return tf.layers.globalAveragePooling2d(c);
    case 'GlobalMaxPooling2D': return tf.layers.globalMaxPooling2d(c);
    case 'BatchNormalization': return tf.layers.batchNormalization(c);
    case 'LayerNormalization': return tf.layers.layerNormalization(c);
    case 'Dropout': return tf.layers.dropout(c);
    case 'SpatialDropout2D': return tf.layers.dropout({ rate: c.rate, name });
    case 'GaussianNoise': return tf.layers.gaussianNoise(c);
    case 'GaussianDropout': return tf.layers.gaussianDropout(c);
    case 'Flatten': return tf.layers.flatten(c);
    case 'Dense': return tf.layers.dense(c);
    case 'Activation': return tf.layers.activation(c);
    case 'ReLU': return tf.layers.reLU(c);
    case 'LeakyReLU': return tf.layers.leakyReLU(c);
    case 'ELU': return tf.layers.elu(c);
    case 'PReLU': return tf.layers.prelu(c);
    case 'Softmax': return tf.layers.softmax(c);
    case 'ZeroPadding2D': return tf.layers.zeroPadding2d(c);
    case 'Cropping2D': return tf.layers.cropping2D(c);
    case 'UpSampling2D': return tf.layers.upSampling2d(c);
    case 'Reshape': return reshape(c);
    case 'Permute': return tf.layers.permute(c);
    case 'Rescaling': return tf.layers.rescaling(c);
    case 'Resizing': return resize(spec, name);
    case 'RandomFlip': case 'RandomRotation': case 'RandomTranslation': case 'RandomZoom':
      return tf.layers.activation({ activation: 'linear', name });
    case 'Add': case 'Subtract': return tf.layers.add({ name });
    case 'Multiply': return tf.layers.multiply({ name });
    case 'Average': return tf.layers.average({ name });
    case 'Maximum': return tf.layers.maximum({ name });
    case 'Minimum': return tf.layers.minimum({ name });
    case 'Concatenate': return tf.layers.concatenate(c);
    default: throw new Error(`no tfjs layer for ${spec.type}`);
  }
}

// tfjs leaves a -1 of Reshape unknown until it sees data: resolve it from the input size first (Keras's rule).
function reshape(c) {
  return {
    apply(x) {
      const size = x.shape.slice(1).reduce((a, b) => a * b, 1);
      const known = c.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
      const targetShape = c.targetShape.map((d) => (d === -1 ? size / known : d));
      return tf.layers.reshape({ ...c, targetShape }).apply(x);
    },
  };
}

// Resizing's shape rule, [height, width, channels], by zero-padding or cropping each side to the target.
function resize(spec, name) {
  return {
    apply(x) {
      const first = spec.dataFormat === 'channels_first';
      const [h, w] = first ? x.shape.slice(2) : x.shape.slice(1, 3);
      const dataFormat = first ? 'channelsFirst' : 'channelsLast';
      const pad = [[Math.max(spec.height - h, 0), 0], [Math.max(spec.width - w, 0), 0]];
      const crop = [[Math.max(h - spec.height, 0), 0], [Math.max(w - spec.width, 0), 0]];
      const padded = tf.layers.zeroPadding2d({ padding: pad, dataFormat, name: `${name}_pad` }).apply(x);
      return tf.layers.cropping2D({ cropping: crop, dataFormat, name }).apply(padded);
    },
  };
}

// A nested model: a straight line of its layers (specs with name/inputs make a graph) on the shape it is called on.
let nestedCount = 0;
function nested(spec, name) {
  const shape = spec.inputShape;
  if (!shape) throw new Error('nested models need an inputShape for tfjs');
  const input = tf.input({ shape, name: `${name}_input_${nestedCount++}` });
  const outputs = { input_1: input };
  let previous = input;
  for (const layer of spec.layers) {
    const inputs = (layer.inputs || [null]).map((n) => (n === null ? previous : outputs[n]));
    previous = make(layer, layer.name ? `${name}__${layer.name}` : undefined).apply(inputs.length === 1 ? inputs[0] : inputs);
    if (layer.name) outputs[layer.name] = previous;
  }
  const model = tf.model({ inputs: input, outputs: previous, name });
  model.trainable = spec.trainable !== false;
  return model;
}

// A layer entry with `call` (and a name such as "conv[1]") applies the already made layer `call` again: a shared
// layer, one set of weights. tfjs, like Keras, lists it once, counts its weights once and reports "multiple" as its
// output shape when its calls give different shapes (Layer.outputShape throws then).
function build(model) {
  const tensors = { input_1: tf.input({ shape: model.inputShape, name: 'input_1' }) };
  const made = {};
  let last = null;
  for (const layer of model.layers) {
    const inputs = layer.inputs.map((n) => tensors[n]);
    const made1 = layer.call ? made[layer.call] : (made[layer.name] = make(layer.spec, layer.name));
    last = made1.apply(inputs.length === 1 ? inputs[0] : inputs);
    tensors[layer.name] = last;
  }
  const built = tf.model({ inputs: tensors.input_1, outputs: last });
  return built.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => ({
    name: l.name,
    shape: outputShape(l),
    params: l.countParams(),
    trainable: l.trainableWeights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0),
  }));
}

function outputShape(layer) {
  try {
    return layer.outputShape.slice(1);
  } catch (e) {
    return 'multiple';
  }
}

const models = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const results = models.map((m) => {
  try {
    return build(m);
  } catch (e) {
    return { error: String(e.message || e) };
  }
});
process.stdout.write(JSON.stringify(results));
