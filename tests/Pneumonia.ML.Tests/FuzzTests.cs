namespace Pneumonia.ML.Tests;

/// <summary>Seeded mutations of real X-ray files never crash the process: each gives a prediction or a typed refusal.</summary>
[Collection(TrainedClassifierCollection.Name)]
public class FuzzTests(TrainedClassifierFixture trained)
{
    [Fact]
    public void Five_hundred_mutated_xrays_give_a_prediction_or_an_InvalidImageException()
    {
        var random = new Random(20261126);
        byte[][] originals =
        [
            File.ReadAllBytes(Fixtures.OddImage("upright.jpeg")),
            File.ReadAllBytes(Fixtures.OddImage("rgba.png")),
            File.ReadAllBytes(Fixtures.OddImage("cmyk.jpeg")),
            File.ReadAllBytes(Fixtures.OddImage("exif-rotated.jpeg")),
        ];
        int predicted = 0, refused = 0;
        for (int i = 0; i < 500; i++)
        {
            byte[] mutated = Mutate(originals[i % originals.Length], random);
            try
            {
                PneumoniaPrediction prediction = trained.Classifier.Predict(mutated);
                Assert.InRange(prediction.Probability, 0f, 1f);
                predicted++;
            }
            catch (InvalidImageException)
            {
                refused++;
            }
        }
        Assert.Equal(500, predicted + refused);
        Assert.True(refused > 0 && predicted > 0, $"the mutations should exercise both outcomes ({predicted} predicted, {refused} refused)");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int edits = 1 + random.Next(8);
        for (int e = 0; e < edits && bytes.Count > 1; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;                          // overwrite a byte
                case 1: bytes[at] ^= (byte)(1 << random.Next(8)); break;                    // flip a bit
                case 2: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(64))); break; // delete a run
                case 3: bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(16)).Select(_ => (byte)random.Next(256))); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;                     // truncate
            }
        }
        return bytes.ToArray();
    }
}
