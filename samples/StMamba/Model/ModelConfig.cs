namespace StMamba.Model;

/// <summary>Sizes of the ST-Mamba model. Defaults are small enough to train several policies in minutes on 2 cores.</summary>
public sealed record ModelConfig(int Sensors, int InputSteps = 12, int Horizon = 12, int DModel = 32, int Heads = 4,
    int DState = 8, int Expand = 1, int DConv = 4, int Layers = 1)
{
    public int DInner => Expand * DModel;
    public int DtRank => (DModel + 15) / 16;
}
