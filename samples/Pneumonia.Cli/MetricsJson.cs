using System.Text.Json;
using System.Text.Json.Serialization;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>
/// <see cref="PneumoniaMetrics"/> as JSON: every metric under its own name in camelCase (<c>accuracy</c>,
/// <c>sensitivity</c>, <c>specificity</c>, <c>auc</c>, …, <c>confusionMatrix</c>). Undefined ratios (NaN) are <c>null</c>.
/// </summary>
internal static class MetricsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new NullForNaN() },
    };

    public static string Serialize(PneumoniaMetrics metrics) => JsonSerializer.Serialize(metrics, Options);

    /// <summary>JSON has no NaN or infinity; write null instead.</summary>
    private sealed class NullForNaN : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
