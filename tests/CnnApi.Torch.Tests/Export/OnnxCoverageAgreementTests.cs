namespace CnnApi.Torch.Tests.Export;

/// <summary>
/// Every <see cref="CoverageNetworks"/> network (random weights), shared layers and channels_first input included, exports to
/// ONNX: ONNX Runtime's probabilities equal CnnApi's on 200 MNIST test digits within 1e-4 and ONNX's full checker accepts the file.
/// </summary>
public sealed class OnnxCoverageAgreementTests
{
    public static TheoryData<string> Names => new(CoverageNetworks.All.Select(a => a.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Export_CoverageNetwork_OnnxRuntimeAgreesAndCheckerAccepts(string name) =>
        OnnxAgreement.AssertRandomNetworkAgrees(CoverageNetworks.All.Single(a => a.Name == name), seed: name.Length);
}
