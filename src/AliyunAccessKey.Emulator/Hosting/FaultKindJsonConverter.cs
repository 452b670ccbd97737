using System.Text.Json;
using System.Text.Json.Serialization;

namespace AliyunAccessKey.Emulator;

/// <summary>Reads and writes fault kinds by their short names ("503", "drop-after-act"…).</summary>
internal sealed class FaultKindJsonConverter : JsonConverter<FaultKind>
{
    public override FaultKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return reader.TokenType == JsonTokenType.Number
                ? FaultKinds.Parse(reader.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture))
                : FaultKinds.Parse(reader.GetString() ?? string.Empty);
        }
        catch (FormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, FaultKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(FaultKinds.ToName(value));
}
