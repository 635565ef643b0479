namespace Pneumonia.ML;

/// <summary>How the learning rate changes during training.</summary>
public enum PneumoniaLearningRateSchedule
{
    /// <summary>The same rate throughout.</summary>
    Constant,

    /// <summary>Warm up over the first 20% of steps to the peak rate, then cosine decay to nearly zero.</summary>
    OneCycle,
}
