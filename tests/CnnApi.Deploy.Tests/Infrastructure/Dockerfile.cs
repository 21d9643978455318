using System.Text.RegularExpressions;

namespace CnnApi.Deploy.Tests.Infrastructure;

/// <summary>
/// The repository's Dockerfile as instructions (continuation lines joined, comments dropped), grouped by stage,
/// so tests read the real commands instead of repeating them.
/// </summary>
public sealed partial class Dockerfile
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string BaseImage, string? Name, IReadOnlyList<Instruction> Instructions)
    {
        public IEnumerable<string> All(string keyword) =>
            Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

        /// <summary>ENV pairs of this stage in order (<c>ENV A=1 B=2</c>, one per line or several).</summary>
        public Dictionary<string, string> Environment() => All("ENV")
            .SelectMany(args => EnvPair().Matches(args))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"'));
    }

    /// <summary>Instructions before the first FROM (global ARGs).</summary>
    public IReadOnlyList<Instruction> Preamble { get; }
    public IReadOnlyList<Stage> Stages { get; }
    public Stage Final => Stages[^1];

    public Stage this[string name] => Stages.Single(s => s.Name == name);

    private Dockerfile(IReadOnlyList<Instruction> preamble, IReadOnlyList<Stage> stages) => (Preamble, Stages) = (preamble, stages);

    public static Dockerfile Load(string path) => Parse(File.ReadAllText(path));

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<Instruction>();
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Length == 0 && line.TrimStart().StartsWith('#')) continue;
            if (line.TrimStart().StartsWith('#')) continue; // a comment inside a continued instruction
            if (line.EndsWith('\\')) { current += line[..^1] + " "; continue; }
            current += line;
            if (current.Trim().Length > 0)
            {
                var trimmed = current.Trim();
                var space = trimmed.IndexOf(' ');
                instructions.Add(new Instruction(trimmed[..space].ToUpperInvariant(), WhiteSpace().Replace(trimmed[(space + 1)..].Trim(), " ")));
            }
            current = "";
        }

        var preamble = instructions.TakeWhile(i => i.Keyword != "FROM").ToList();
        var stages = new List<Stage>();
        foreach (var instruction in instructions.Skip(preamble.Count))
        {
            if (instruction.Keyword == "FROM")
            {
                var parts = instruction.Arguments.Split(' ');
                var name = parts.Length >= 3 && parts[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[^1] : null;
                stages.Add(new Stage(parts.First(p => !p.StartsWith("--")), name, []));
            }
            else
            {
                var last = stages[^1];
                stages[^1] = last with { Instructions = [.. last.Instructions, instruction] };
            }
        }
        return new Dockerfile(preamble, stages);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(""[^""]*""|\S*)")]
    private static partial Regex EnvPair();
}
