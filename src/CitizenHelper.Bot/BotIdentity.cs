using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Bot;

/// <summary>How the bot appears in conversations: one id on every activity it sends (Web Chat groups by it).</summary>
public static class BotIdentity
{
    public const string Id = "citizenhelper";
    public const string Name = "CitizenHelper";

    public static ChannelAccount Account() => new() { Id = Id, Name = Name, Role = RoleTypes.Bot };
}
