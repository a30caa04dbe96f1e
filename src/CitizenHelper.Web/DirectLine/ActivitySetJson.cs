using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;

namespace CitizenHelper.Web.DirectLine;

/// <summary>
/// Writes the Direct Line activity set <c>{"activities":[...],"watermark":"N"}</c> from stored activity JSON, as the
/// UTF-8 bytes that go on the wire (every answer is written once per listening client: no string in between).
/// </summary>
public static class ActivitySetJson
{
    public static byte[] Write(IEnumerable<ActivityRecord> records, long watermark) =>
        Write(records.Select(r => r.Json), watermark.ToString(CultureInfo.InvariantCulture));

    public static byte[] Write(IEnumerable<string> activityJson, long watermark) =>
        Write(activityJson, watermark.ToString(CultureInfo.InvariantCulture));

    public static byte[] Write(Activity ephemeral) => Write([ActivityJson.Serialize(ephemeral)], null);

    private static byte[] Write(IEnumerable<string> activityJson, string? watermark)
    {
        var list = activityJson as IReadOnlyCollection<string> ?? [.. activityJson];
        // Sized for the usual case (Vietnamese text is mostly one or two bytes a character) so it rarely grows.
        var buffer = new ArrayBufferWriter<byte>(64 + list.Sum(json => json.Length * 2));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("activities");
            foreach (var json in list)
            {
                writer.WriteRawValue(json, skipInputValidation: true);
            }
            writer.WriteEndArray();
            if (watermark is not null)
            {
                writer.WriteString("watermark", watermark);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
