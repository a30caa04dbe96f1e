using System.Globalization;
using System.Text;
using System.Text.Json;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;

namespace CitizenHelper.Web.DirectLine;

/// <summary>Writes the Direct Line activity set <c>{"activities":[...],"watermark":"N"}</c> from stored activity JSON.</summary>
public static class ActivitySetJson
{
    public static string Write(IEnumerable<ActivityRecord> records, long watermark) =>
        Write(records.Select(r => r.Json), watermark.ToString(CultureInfo.InvariantCulture));

    public static string Write(IEnumerable<string> activityJson, long watermark) =>
        Write(activityJson, watermark.ToString(CultureInfo.InvariantCulture));

    public static string Write(Activity ephemeral) => Write([ActivityJson.Serialize(ephemeral)], null);

    private static string Write(IEnumerable<string> activityJson, string? watermark)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("activities");
            foreach (var json in activityJson)
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
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
