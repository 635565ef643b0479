using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary>
/// Synthetic "X-rays" whose class is decided by a bright square: positives have one, inside a quadrant chosen at
/// random; negatives have none. Every image, of either class, also has a dark square of the same size in another
/// quadrant, which says nothing about the class. So the evidence's position is known exactly.
/// </summary>
internal static class SyntheticXrays
{
    public const int Size = 64;
    private const int Half = Size / 2;
    private const int SquareSide = 10;
    private const float Background = 0.45f, Bright = 0.9f, Dark = 0.05f, Noise = 0.1f;

    /// <summary>Images as network input (N × 3 × 64 × 64, values in [0, 1]), half of them positive.</summary>
    /// <returns>The images, their labels, each positive's bright-square quadrant (0 top-left, 1 top-right,
    /// 2 bottom-left, 3 bottom-right; −1 for negatives) and each image's dark-square quadrant.</returns>
    public static (Tensor Images, bool[] Labels, int[] Quadrants, int[] DistractorQuadrants) Make(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * 3 * Size * Size];
        var labels = new bool[count];
        var quadrants = new int[count];
        var distractors = new int[count];
        var image = new float[Size * Size];
        for (int n = 0; n < count; n++)
        {
            labels[n] = n % 2 == 1;
            int squareQuadrant = random.Next(4);
            int distractorQuadrant = (squareQuadrant + 1 + random.Next(3)) % 4;
            for (int i = 0; i < image.Length; i++) image[i] = Background;
            if (labels[n]) Fill(image, squareQuadrant, Bright, random);
            Fill(image, distractorQuadrant, Dark, random);
            quadrants[n] = labels[n] ? squareQuadrant : -1;
            distractors[n] = distractorQuadrant;
            for (int i = 0; i < image.Length; i++)
            {
                float value = Math.Clamp(image[i] + Noise * (float)(2 * random.NextDouble() - 1), 0, 1);
                for (int channel = 0; channel < 3; channel++) pixels[(n * 3 + channel) * Size * Size + i] = value;
            }
        }
        return (tensor(pixels, [count, 3, Size, Size]), labels, quadrants, distractors);
    }

    /// <summary>Share of the heat (Size × Size, row-major) that lies in a quadrant.</summary>
    public static double HeatInQuadrant(IReadOnlyList<float> heat, int size, int quadrant)
    {
        int half = size / 2;
        double inside = 0, total = 0;
        for (int row = 0; row < size; row++)
            for (int column = 0; column < size; column++)
            {
                double value = heat[row * size + column];
                total += value;
                if (row / half == quadrant / 2 && column / half == quadrant % 2) inside += value;
            }
        return total == 0 ? 0 : inside / total;
    }

    /// <summary>A square at a random place well inside a quadrant.</summary>
    private static void Fill(float[] image, int quadrant, float level, Random random)
    {
        const int margin = 4;
        int left = (quadrant % 2) * Half + random.Next(margin, Half - SquareSide - margin + 1);
        int top = (quadrant / 2) * Half + random.Next(margin, Half - SquareSide - margin + 1);
        for (int y = top; y < top + SquareSide; y++)
            for (int x = left; x < left + SquareSide; x++)
                image[y * Size + x] = level;
    }
}
