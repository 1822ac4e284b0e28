namespace WeightInit.Policy;

// The presets with their defaults; tune them through InitPresets.
public sealed partial class InitPolicy
{
    /// <summary><see cref="InitPresets.TorchDefaults"/>.</summary>
    public static InitPolicy TorchDefaults => InitPresets.TorchDefaults();
    /// <summary><see cref="InitPresets.XavierAttention"/>.</summary>
    public static InitPolicy XavierAttention => InitPresets.XavierAttention();
    /// <summary><see cref="InitPresets.Transformer"/>.</summary>
    public static InitPolicy Transformer => InitPresets.Transformer();
    /// <summary><see cref="InitPresets.Cnn"/>.</summary>
    public static InitPolicy Cnn => InitPresets.Cnn();
    /// <summary><see cref="InitPresets.Rnn"/>.</summary>
    public static InitPolicy Rnn => InitPresets.Rnn();
    /// <summary><see cref="InitPresets.SelfNormalizing"/>.</summary>
    public static InitPolicy SelfNormalizing => InitPresets.SelfNormalizing();
    /// <summary><see cref="InitPresets.Mamba"/>.</summary>
    public static InitPolicy Mamba => InitPresets.Mamba();
}
