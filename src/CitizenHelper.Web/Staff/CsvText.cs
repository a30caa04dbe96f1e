using System.Text;

namespace CitizenHelper.Web.Staff;

/// <summary>Fields of the CSV files staff open in a spreadsheet.</summary>
public static class CsvText
{
    /// <summary>
    /// One field, quoted when it holds a comma, quote or line break. A field starting with = + - @, a tab or a
    /// carriage return gets a leading apostrophe: a spreadsheet would otherwise run it as a formula (=HYPERLINK(…)),
    /// and every field is escaped, not only those that can hold citizen text today.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    /// <summary>The file's bytes: UTF-8 with a byte order mark, without which Excel reads Vietnamese names as another code page.</summary>
    public static byte[] Utf8WithBom(string csv) => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(csv)];

    /// <summary>A row of fields, each escaped, ending with a line feed.</summary>
    public static string Row(params string?[] fields) => string.Join(',', fields.Select(Field)) + "\n";
}
