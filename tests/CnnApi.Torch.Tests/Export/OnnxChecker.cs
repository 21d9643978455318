using System.Diagnostics;

namespace CnnApi.Torch.Tests.Export;

/// <summary>ONNX's own checker, <c>onnx.checker.check_model(model, full_check=True)</c>, run with Debian's python3-onnx.</summary>
public static class OnnxChecker
{
    public const string Python = "/usr/bin/python3";

    public static void AssertValid(byte[] onnx)
    {
        var path = Path.Combine(Path.GetTempPath(), $"check-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, onnx);
        try
        {
            var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in (string[])["-c", "import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); " +
                "assert m.opset_import[0].version == 17; print('ok', onnx.__version__)", path])
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(60_000), "the ONNX checker did not finish in 60 s");
            Assert.True(process.ExitCode == 0, $"onnx.checker rejected the export (is python3-onnx installed? ./test.sh installs it): {error}");
            Assert.StartsWith("ok", output.Result);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
