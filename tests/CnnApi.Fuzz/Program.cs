namespace CnnApi.Fuzz;

/// <summary>The fuzzing executable (a named class: the app's own top-level <c>Program</c> is public for the tests).</summary>
internal static class FuzzProgram
{
    private static int Main(string[] args)
    {
        // Under afl-fuzz (build/fuzz.sh): CnnApi.Fuzz TARGET runs TARGET in SharpFuzz's fork server, one input per run; an
        // exception other than a 4xx-equivalent rejection is a crash. Without afl-fuzz: CnnApi.Fuzz TARGET FILE… runs the files
        // once each and prints their outcomes (to reproduce a crash).
        if (args is ["seeds", var folder])
        {
            // The preset part of the committed corpus (tests/CnnApi.Fuzz/corpus/{spec,job}/preset-*.json).
            foreach (var preset in CnnApi.Architectures.Presets.ArchitecturePresets.All)
            {
                File.WriteAllText(Path.Combine(folder, "spec", $"preset-{preset.Name}.json"), System.Text.Json.JsonSerializer.Serialize(
                    preset.Spec, CnnApi.Architectures.Spec.ArchitectureSpec.JsonOptions));
                File.WriteAllText(Path.Combine(folder, "job", $"preset-{preset.Name}.json"),
                    $$"""{"preset":"{{preset.Name}}","epochs":2,"batchSize":64,"trainLimit":512,"validationSplit":0.1,"seed":3}""");
            }
            return 0;
        }
        if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: CnnApi.Fuzz TARGET [FILE…]; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
            return 2;
        }
        if (args.Length > 1)
        {
            foreach (var file in args.Skip(1)) Console.WriteLine($"{file}: {target(File.ReadAllBytes(file))}");
            return 0;
        }
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.ToArray());
        });
        return 0;
    }
}
