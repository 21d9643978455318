using CnnApi.Torch.Training;
using CnnApi.Torch.Training.Callbacks;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Training.Callbacks;

/// <summary>The callbacks' decisions on hand-made histories, worked through Keras 3's code by hand.</summary>
public sealed class CallbackRulesTests
{
    private static EpochResult Epoch(int epoch, double loss, double? valLoss = null, double accuracy = 0.5) =>
        new(epoch, loss, accuracy, valLoss, valLoss is null ? null : 0.5, 1, 1);

    /// <summary>Feeds monitored values; returns the epoch at which the state says stop (0: never).</summary>
    private static int StopsAt(EarlyStopping settings, params double[] values)
    {
        using var state = new EarlyStoppingState(settings);
        using var model = nn.Linear(2, 2);
        for (int i = 0; i < values.Length; i++)
            if (state.EpochEnded(Epoch(i + 1, values[i]), model)) return i + 1;
        return 0;
    }

    [Fact]
    public void EarlyStopping_RestoreBestWeights_KeepsOneCopyOfTheStateOverwrittenInPlaceByEachBest()
    {
        using var state = new EarlyStoppingState(new EarlyStopping { Monitor = "loss", Patience = 5, RestoreBestWeights = true });
        using var model = nn.Linear(2, 3);
        state.EpochEnded(Epoch(1, 1.0), model);
        var copy = state.Weights!;
        Assert.Equal((2 * 3 + 3) * 4L, copy.Bytes);   // weight and bias, float32: no gradients, no optimizer state

        using (no_grad()) model.weight!.fill_(7);
        state.EpochEnded(Epoch(2, 0.5), model);       // a new best
        using (no_grad()) model.weight!.fill_(0);
        state.EpochEnded(Epoch(3, 0.9), model);       // not one

        Assert.Same(copy, state.Weights);             // the same tensors, never a second copy
        copy.CopyTo(model);
        Assert.Equal(7f, model.weight!.mean().item<float>());
    }

    [Fact]
    public void EarlyStopping_PatienceZero_StopsAtTheFirstEpochThatDoesNotImprove_NeverAfterTheFirst()
    {
        var settings = new EarlyStopping { Monitor = "loss" };
        Assert.Equal(3, StopsAt(settings, 1.0, 0.9, 0.95, 0.5));
        Assert.Equal(0, StopsAt(settings, 1.0, 0.9, 0.8));
    }

    [Fact]
    public void EarlyStopping_Patience2_CountsEpochsSinceTheBest()
    {
        var settings = new EarlyStopping { Monitor = "loss", Patience = 2 };
        Assert.Equal(4, StopsAt(settings, 1.0, 0.8, 0.85, 0.81, 0.1));
        Assert.Equal(0, StopsAt(settings, 1.0, 0.8, 0.85, 0.7, 0.75));
    }

    [Fact]
    public void EarlyStopping_MinDelta_SmallerGainsDoNotCount()
    {
        var settings = new EarlyStopping { Monitor = "loss", Patience = 2, MinDelta = 0.1 };
        Assert.Equal(3, StopsAt(settings, 1.0, 0.95, 0.91));   // 1.0 stays the best: neither gains 0.1
        Assert.Equal(0, StopsAt(settings, 1.0, 0.85, 0.7));
    }

    [Fact]
    public void EarlyStopping_AccuracyInAutoMode_HigherIsBetter_MaxModeOnALossToo()
    {
        Assert.True(Monitors.HigherIsBetter("val_accuracy", "auto"));
        Assert.False(Monitors.HigherIsBetter("val_loss", "auto"));
        Assert.Equal(2, StopsAt(new EarlyStopping { Monitor = "loss", Mode = "max" }, 1.0, 0.9));
    }

    [Fact]
    public void EarlyStopping_Baseline_EpochsBelowItCountAsNotImproving()
    {
        // Improvements that do not beat the baseline 0.5 keep the count going (Keras checks it only on an epoch that does not improve).
        Assert.Equal(4, StopsAt(new EarlyStopping { Monitor = "loss", Patience = 2, Baseline = 0.5 }, 1.0, 0.9, 0.8, 0.85));
        Assert.Equal(0, StopsAt(new EarlyStopping { Monitor = "loss", Patience = 2 }, 1.0, 0.9, 0.8, 0.85));
        Assert.Equal(0, StopsAt(new EarlyStopping { Monitor = "loss", Patience = 2, Baseline = 0.5 }, 1.0, 0.4, 0.3, 0.35));
    }

    [Fact]
    public void EarlyStopping_StartFromEpoch_IgnoresTheFirstEpochs()
    {
        Assert.Equal(0, StopsAt(new EarlyStopping { Monitor = "loss", StartFromEpoch = 2 }, 0.1, 0.9, 0.8));
        Assert.Equal(4, StopsAt(new EarlyStopping { Monitor = "loss", StartFromEpoch = 2 }, 0.1, 0.9, 0.8, 0.85));
    }

    [Fact]
    public void EarlyStopping_MissingValidation_IsIgnored()
    {
        using var state = new EarlyStoppingState(new EarlyStopping());
        using var model = nn.Linear(2, 2);
        Assert.False(state.EpochEnded(Epoch(1, 1.0), model));
        Assert.False(state.EpochEnded(Epoch(2, 2.0), model));
        Assert.Null(state.Best);
    }

    [Fact]
    public void ReduceLrOnPlateau_AfterPatienceEpochs_MultipliesByFactor_NotBelowMinLr()
    {
        var plateau = new PlateauState(new ReduceLrOnPlateau { Monitor = "loss", Patience = 1, Factor = 0.5, MinLr = 0.3 });
        double rate = 1;
        var rates = new List<double>();
        foreach (var (loss, i) in new[] { 1.0, 1.0, 1.0, 1.0, 1.0 }.Select((l, i) => (l, i)))
            rates.Add(rate = plateau.EpochEnded(Epoch(i + 1, loss), rate));
        Assert.Equal([1, 0.5, 0.3, 0.3, 0.3], rates);
    }

    [Fact]
    public void ReduceLrOnPlateau_MinDeltaAndCooldown_AsKeras()
    {
        // Gains below min_delta (1e-4 by default) are plateaus; cooldown 2 skips counting for the two epochs after a cut.
        var plateau = new PlateauState(new ReduceLrOnPlateau { Monitor = "loss", Patience = 1, Factor = 0.1, Cooldown = 2 });
        double rate = 1;
        var rates = new[] { 1.0, 0.99995, 0.99994, 0.99993, 0.99992, 0.99991 }
            .Select((loss, i) => rate = plateau.EpochEnded(Epoch(i + 1, loss), rate)).ToArray();
        // Keras decrements the cooldown before checking it: cooldown 2 spares one epoch, then epoch 4 cuts again.
        Assert.Equal([1, 0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1], rates);
    }

    [Fact]
    public void ReduceLrOnPlateau_Improving_KeepsTheRate()
    {
        var plateau = new PlateauState(new ReduceLrOnPlateau { Monitor = "val_accuracy", Patience = 0 });
        Assert.Equal(1, plateau.EpochEnded(Epoch(1, 1, 0.5) with { ValAccuracy = 0.9 }, 1));
        Assert.Equal(1, plateau.EpochEnded(Epoch(2, 1, 0.5) with { ValAccuracy = 0.95 }, 1));
        Assert.Equal(0.1, plateau.EpochEnded(Epoch(3, 1, 0.5) with { ValAccuracy = 0.95 }, 1), 15);
    }

    [Fact]
    public void StepSchedule_HalvesEveryTwoEpochs()
    {
        var schedule = new LearningRateSchedule { Type = "step", Every = 2, Factor = 0.5 };
        Assert.Equal([0.1, 0.1, 0.05, 0.05, 0.025], Enumerable.Range(1, 5).Select(e => schedule.RateAt(e, 0.1, 5)));
    }

    [Fact]
    public void CosineSchedule_FromTheRateToAlphaTimesIt_ThenFlat()
    {
        var schedule = new LearningRateSchedule { Type = "cosine", DecayEpochs = 4, Alpha = 0.1 };
        var rates = Enumerable.Range(1, 6).Select(e => schedule.RateAt(e, 1.0, 6)).ToArray();
        Assert.Equal(1.0, rates[0], 12);
        Assert.Equal(0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI / 4)), rates[1], 12);
        Assert.Equal(0.55, rates[2], 12);
        Assert.Equal(0.1, rates[4], 12);
        Assert.Equal(0.1, rates[5], 12);
        // Without decayEpochs: over the job's epochs, never reaching alpha inside them.
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 4 / 5)), new LearningRateSchedule { Type = "cosine" }.RateAt(5, 1.0, 5), 12);
    }
}
