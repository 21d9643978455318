using System.ComponentModel.DataAnnotations;

namespace CnnApi.TrainingJobs;

/// <summary>Bound from "Datasets": where MNIST's four IDX files live.</summary>
public sealed class DatasetOptions
{
    [Required(AllowEmptyStrings = false)]
    public string Root { get; set; } = "data/datasets";

    // Methods, not properties: DataAnnotations validation reads every property, and an empty Root must fail validation, not throw.
    public string FullRoot() => Path.GetFullPath(Root);
}
