using CitizenHelper.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Extensions;

/// <summary>The storage settings, read at start because they decide what is registered: the provider, its connection string, the key ring's folder.</summary>
public static class StorageSettings
{
    public const string ConnectionStringName = "CitizenHelper";
    public const string StorageProviderKey = "Storage:Provider";
    public const string KeysFolderKey = "Storage:KeysFolder";

    /// <summary>
    /// Where the Data Protection key ring is kept: Storage:KeysFolder when set; else a "keys" folder beside the SQLite
    /// database, or data/keys in the working folder with PostgreSQL.
    /// </summary>
    public static string KeysFolder(IConfiguration configuration, StorageProvider provider, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetValue<string?>(KeysFolderKey) is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }
        if (provider == StorageProvider.Sqlite && new SqliteConnectionStringBuilder(connectionString) is { Mode: not SqliteOpenMode.Memory, DataSource: { Length: > 0 } file }
            && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            return Path.Combine(folder, "keys");
        }
        return Path.GetFullPath(Path.Combine("data", "keys"));
    }

    /// <summary>Storage:Provider, read now because it decides what is registered: Sqlite (default) or PostgreSql.</summary>
    public static StorageProvider Provider(IConfiguration configuration)
    {
        var value = configuration.GetValue<string?>(StorageProviderKey);
        if (string.IsNullOrWhiteSpace(value))
        {
            return StorageProvider.Sqlite;
        }
        // Enum.TryParse also takes numbers; only the names are settings.
        if (!Enum.TryParse<StorageProvider>(value.Trim(), ignoreCase: true, out var provider) || !Enum.GetNames<StorageProvider>().Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(StorageProviderKey, typeof(StorageProvider),
                [$"{StorageProviderKey} '{value}' is not supported; use Sqlite (the default) or PostgreSql."]);
        }
        return provider;
    }

    /// <summary>The PostgreSQL connection string; it must name the server and the database.</summary>
    public static string PostgreSqlConnectionString(IConfiguration configuration)
    {
        const string Example = "'Host=localhost;Database=citizenhelper;Username=citizenhelper;Password=...'";
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        Npgsql.NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(ConnectionStringName, typeof(string),
                [$"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string ({StorageProviderKey} is PostgreSql): {e.Message} Use one such as {Example}."]);
        }
        if (string.IsNullOrWhiteSpace(parsed.Host) || string.IsNullOrWhiteSpace(parsed.Database))
        {
            throw new OptionsValidationException(ConnectionStringName, typeof(string),
                [$"ConnectionStrings:{ConnectionStringName} must name a PostgreSQL Host and Database when {StorageProviderKey} is PostgreSql, such as {Example}."]);
        }
        return connectionString!;
    }

    /// <summary>The SQLite connection string, with its folder created so the file can be made on first run.</summary>
    public static string SqliteConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OptionsValidationException(ConnectionStringName, typeof(string),
                [$"ConnectionStrings:{ConnectionStringName} is empty; set it to a SQLite connection string such as 'Data Source=data/citizenhelper.db'."]);
        }
        SqliteConnectionStringBuilder parsed;
        try
        {
            parsed = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(ConnectionStringName, typeof(string), [$"ConnectionStrings:{ConnectionStringName} is not a valid SQLite connection string: {e.Message}"]);
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(parsed.DataSource));
        if (!string.IsNullOrEmpty(parsed.DataSource) && parsed.DataSource != ":memory:" && folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        return connectionString;
    }
}
