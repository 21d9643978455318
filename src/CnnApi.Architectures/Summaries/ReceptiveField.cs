namespace CnnApi.Architectures.Summaries;

/// <summary>
/// The receptive field of one output position, in input pixels, as [height, width]: <see cref="Size"/> is how
/// many input pixels can influence it, <see cref="Jump"/> how far apart (in input pixels) two neighbouring
/// outputs look (the product of the strides so far; below 1 after up-sampling). Computed as
/// r_out = r_in + (k_eff − 1)·j_in and j_out = j_in·s, starting from 1 and 1; padding is ignored, so the size may
/// exceed the input. In a graph a merge takes the largest field of its inputs (the largest over paths).
/// </summary>
public sealed record ReceptiveField(long[] Size, double[] Jump);
