using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Summaries;

/// <summary>
/// Checks a functional graph and orders it: names are unique, every input names a layer or the model input,
/// there is no cycle, each layer has as many inputs as it takes and every layer leads to the output (the last
/// layer). The order is topological and otherwise keeps the document's order, as Keras lists a model's layers.
/// A shared layer has one entry per call (<see cref="Wiring.Call"/>); inputs name a call's output as <c>name</c> or
/// <c>name[k]</c>, and come back from <see cref="Sort"/> resolved to (layer name, call).
/// </summary>
internal static class GraphOrder
{
    /// <summary>Layer indices in topological order, or the errors, each naming the layers concerned.</summary>
    public static (int[]? Order, List<SpecError> Errors, (string Name, int Call)[][] Inputs) Sort(Architecture architecture)
    {
        var graph = architecture.Graph!;
        var errors = new List<SpecError>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var inputs = new (string Name, int Call)[graph.Count][];
        for (var i = 0; i < graph.Count; i++)
        {
            if ((graph[i].Call == 0 && graph[i].Name == architecture.InputName) || !index.TryAdd(graph[i].Key, i))
                errors.Add(new($"{architecture.PathOf(i)}.name", graph[i].Call == 0
                    ? $"the name '{graph[i].Name}' is used twice; layer names must be unique"
                    : $"call {graph[i].Call} of '{graph[i].Name}' is given twice"));
        }
        if (graph[^1].Call > 0)
            errors.Add(new(architecture.PathOf(graph.Count - 1), $"the model's output is call {graph[^1].Call} of the shared layer '{graph[^1].Name}'; " +
                "the output must be a layer's first call (add a layer after it, e.g. Activation linear)"));
        var consumers = new List<int>[graph.Count];
        var pending = new int[graph.Count];
        for (var i = 0; i < graph.Count; i++)
        {
            consumers[i] = [];
            var layer = architecture.Layers[i];
            var (min, max) = layer.Arity;
            if (graph[i].Inputs.Count < min || graph[i].Inputs.Count > max)
                errors.Add(new($"{architecture.PathOf(i)}.{architecture.GraphPaths.Inputs}", $"'{graph[i].Name}' ({layer.KerasClass}) takes {Takes(min, max)}, got {graph[i].Inputs.Count}"));
        }
        for (var i = 0; i < graph.Count; i++)
        {
            inputs[i] = new (string, int)[graph[i].Inputs.Count];
            for (var k = 0; k < graph[i].Inputs.Count; k++)
            {
                var input = graph[i].Inputs[k];
                inputs[i][k] = (input, 0);
                if (input == architecture.InputName)
                    continue;
                if (!TryResolve(index, input, out var from))
                    errors.Add(new($"{architecture.PathOf(i)}.{architecture.GraphPaths.Inputs}", $"'{graph[i].Name}' takes '{input}', which is no layer of the model (dangling input)"));
                else
                {
                    inputs[i][k] = (graph[from].Name, graph[from].Call);
                    consumers[from].Add(i);
                    pending[i]++;
                }
            }
        }
        if (errors.Count > 0)
            return (null, errors, inputs);
        var order = Kahn(consumers, pending);
        if (order.Count < graph.Count)
        {
            var stuck = Enumerable.Range(0, graph.Count).Where(i => pending[i] > 0).Select(i => $"'{graph[i].Name}'");
            return (null, [new(architecture.GraphPaths.Layers, $"the layers {string.Join(", ", stuck)} form a cycle (or depend on one)")], inputs);
        }
        Unused(architecture, index, inputs, errors);
        return errors.Count > 0 ? (null, errors, inputs) : (order.ToArray(), errors, inputs);
    }

    /// <summary>A reference as written (a key, or <c>name[0]</c> for a first call) to its entry.</summary>
    private static bool TryResolve(Dictionary<string, int> index, string reference, out int entry)
    {
        if (index.TryGetValue(reference, out entry))
            return true;
        var (name, call) = Wiring.Parse(reference);
        return index.TryGetValue(Wiring.Reference(name, call), out entry);
    }

    /// <summary>Kahn's algorithm taking the earliest ready layer first.</summary>
    private static List<int> Kahn(List<int>[] consumers, int[] pending)
    {
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < pending.Length; i++)
        {
            if (pending[i] == 0)
                ready.Enqueue(i, i);
        }
        var order = new List<int>();
        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(next);
            foreach (var c in consumers[next])
            {
                if (--pending[c] == 0)
                    ready.Enqueue(c, c);
            }
        }
        return order;
    }

    /// <summary>Every layer must lead to the output (the last layer): otherwise its work is lost.</summary>
    private static void Unused(Architecture architecture, Dictionary<string, int> index, (string Name, int Call)[][] inputs, List<SpecError> errors)
    {
        var graph = architecture.Graph!;
        var reached = new bool[graph.Count];
        var stack = new Stack<int>([graph.Count - 1]);
        while (stack.TryPop(out var i))
        {
            if (reached[i])
                continue;
            reached[i] = true;
            foreach (var (name, call) in inputs[i])
            {
                if (index.TryGetValue(Wiring.Reference(name, call), out var from))
                    stack.Push(from);
            }
        }
        var unused = Enumerable.Range(0, graph.Count).Where(i => !reached[i]).ToList();
        if (unused.Count > 0)
            errors.Add(new(architecture.PathOf(unused[0]), $"the layers {string.Join(", ", unused.Select(i => $"'{graph[i].Key}'"))} are not used: " +
                $"nothing leads from them to the model's output '{graph[^1].Name}' (the last layer)"));
    }

    private static string Takes(int min, int max) =>
        min == max ? (min == 1 ? "one input" : $"exactly {min} inputs") : $"at least {min} inputs";
}
