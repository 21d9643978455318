using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Summaries;

/// <summary>
/// Checks a functional graph and orders it: names are unique, every input names a layer or the model input,
/// there is no cycle, each layer has as many inputs as it takes and every layer leads to the output (the last
/// layer). The order is topological and otherwise keeps the document's order, as Keras lists a model's layers.
/// </summary>
internal static class GraphOrder
{
    /// <summary>Layer indices in topological order, or the errors, each naming the layers concerned.</summary>
    public static (int[]? Order, List<SpecError> Errors) Sort(Architecture architecture)
    {
        var graph = architecture.Graph!;
        var errors = new List<SpecError>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Count; i++)
        {
            if (graph[i].Name == architecture.InputName || !index.TryAdd(graph[i].Name, i))
                errors.Add(new($"{architecture.PathOf(i)}.name", $"the name '{graph[i].Name}' is used twice; layer names must be unique"));
        }
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
            foreach (var input in graph[i].Inputs)
            {
                if (input == architecture.InputName)
                    continue;
                if (!index.TryGetValue(input, out var from))
                    errors.Add(new($"{architecture.PathOf(i)}.{architecture.GraphPaths.Inputs}", $"'{graph[i].Name}' takes '{input}', which is no layer of the model (dangling input)"));
                else
                {
                    consumers[from].Add(i);
                    pending[i]++;
                }
            }
        }
        if (errors.Count > 0)
            return (null, errors);
        var order = Kahn(consumers, pending);
        if (order.Count < graph.Count)
        {
            var stuck = Enumerable.Range(0, graph.Count).Where(i => pending[i] > 0).Select(i => $"'{graph[i].Name}'");
            return (null, [new(architecture.GraphPaths.Layers, $"the layers {string.Join(", ", stuck)} form a cycle (or depend on one)")]);
        }
        Unused(architecture, index, errors);
        return errors.Count > 0 ? (null, errors) : (order.ToArray(), errors);
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
    private static void Unused(Architecture architecture, Dictionary<string, int> index, List<SpecError> errors)
    {
        var graph = architecture.Graph!;
        var reached = new bool[graph.Count];
        var stack = new Stack<int>([graph.Count - 1]);
        while (stack.TryPop(out var i))
        {
            if (reached[i])
                continue;
            reached[i] = true;
            foreach (var input in graph[i].Inputs)
            {
                if (index.TryGetValue(input, out var from))
                    stack.Push(from);
            }
        }
        var unused = Enumerable.Range(0, graph.Count).Where(i => !reached[i]).ToList();
        if (unused.Count > 0)
            errors.Add(new(architecture.PathOf(unused[0]), $"the layers {string.Join(", ", unused.Select(i => $"'{graph[i].Name}'"))} are not used: " +
                $"nothing leads from them to the model's output '{graph[^1].Name}' (the last layer)"));
    }

    private static string Takes(int min, int max) =>
        min == max ? (min == 1 ? "one input" : $"exactly {min} inputs") : $"at least {min} inputs";
}
