using CitizenHelper.Storage.Zalo;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CitizenHelper.Storage;

public sealed class CitizenHelperDbContext(DbContextOptions<CitizenHelperDbContext> options) : IdentityDbContext<StaffUser>(options)
{
    public DbSet<ConversationRecord> Conversations => Set<ConversationRecord>();
    public DbSet<ActivityRecord> Activities => Set<ActivityRecord>();
    public DbSet<EscalationRecord> Escalations => Set<EscalationRecord>();
    public DbSet<StaffReplyRecord> StaffReplies => Set<StaffReplyRecord>();
    public DbSet<AttachmentRecord> Attachments => Set<AttachmentRecord>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<RatingRecord> Ratings => Set<RatingRecord>();
    public DbSet<OutcomeRecord> Outcomes => Set<OutcomeRecord>();
    public DbSet<DossierRecord> Dossiers => Set<DossierRecord>();
    public DbSet<KnowledgeDraft> KnowledgeDrafts => Set<KnowledgeDraft>();
    public DbSet<GuidedSessionRecord> GuidedSessions => Set<GuidedSessionRecord>();
    public DbSet<ZaloInboxEvent> ZaloInbox => Set<ZaloInboxEvent>();
    public DbSet<ZaloContact> ZaloContacts => Set<ZaloContact>();
    public DbSet<ZaloOutboxMessage> ZaloOutbox => Set<ZaloOutboxMessage>();
    public DbSet<ZaloTokenRecord> ZaloTokens => Set<ZaloTokenRecord>();
    public DbSet<DataProtectionKeyRecord> DataProtectionKeys => Set<DataProtectionKeyRecord>();
    public DbSet<RateCounterRecord> RateCounters => Set<RateCounterRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset values; store them as sortable numbers there.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        // PostgreSQL's timestamptz holds an instant and takes only UTC offsets (a seed's +07:00, a channel's local
        // timestamp): convert on the way in. Values read back are UTC, the same instant.
        else if (Database.IsNpgsql())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUniversalTimeConverter>();
        }
    }

    private sealed class ToUniversalTimeConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ConversationRecord>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasMaxLength(64);
            e.Property(c => c.ChannelId).HasMaxLength(32);
            e.Property(c => c.UserId).HasMaxLength(128);
            e.Property(c => c.Locale).HasMaxLength(16);
            e.Property(c => c.ServiceUrl).HasMaxLength(512);
        });

        builder.Entity<ActivityRecord>(e =>
        {
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedOnAdd();
            e.Property(a => a.ConversationId).HasMaxLength(64);
            e.Property(a => a.ActivityId).HasMaxLength(96);
            e.Property(a => a.Type).HasMaxLength(32);
            e.Property(a => a.FromRole).HasMaxLength(16);
            e.HasIndex(a => new { a.ConversationId, a.Sequence });
            e.HasIndex(a => a.ActivityId).IsUnique();
            e.HasIndex(a => a.AwaitingTurn);
            e.HasOne<ConversationRecord>().WithMany().HasForeignKey(a => a.ConversationId);
        });

        builder.Entity<DossierRecord>(e =>
        {
            e.HasKey(d => d.Code);
            e.Property(d => d.Code).HasMaxLength(48);
            e.Property(d => d.ProcedureCode).HasMaxLength(16);
            e.Property(d => d.State).HasConversion<string>().HasMaxLength(24);
            e.Property(d => d.Missing).HasMaxLength(4000);
            e.Property(d => d.Office).HasMaxLength(200);
        });

        builder.Entity<OutcomeRecord>(e =>
        {
            e.HasKey(o => o.Id);
            e.Property(o => o.ConversationId).HasMaxLength(64);
            e.Property(o => o.Outcome).HasMaxLength(16);
            e.Property(o => o.ProcedureCode).HasMaxLength(32);
            e.Property(o => o.Language).HasMaxLength(8);
            e.Property(o => o.Center).HasMaxLength(128);
            e.HasIndex(o => o.At);
            e.HasIndex(o => new { o.Day, o.Outcome });
            // The conversation's center so far, for its next question and for its ratings.
            e.HasIndex(o => new { o.ConversationId, o.Id });
        });

        builder.Entity<GuidedSessionRecord>(e =>
        {
            e.HasKey(g => g.Token);
            e.Property(g => g.Token).HasMaxLength(32);
            e.Property(g => g.ConversationId).HasMaxLength(64);
            e.Property(g => g.ProcedureCode).HasMaxLength(32);
            e.Property(g => g.Language).HasMaxLength(8);
            e.Property(g => g.Position).HasMaxLength(32);
            e.Property(g => g.Center).HasMaxLength(128);
            e.HasIndex(g => new { g.ConversationId, g.UpdatedAt });
            e.HasIndex(g => g.UpdatedAt);
        });

        builder.Entity<RatingRecord>(e =>
        {
            e.HasKey(r => r.Id);
            e.Property(r => r.ConversationId).HasMaxLength(64);
            e.Property(r => r.ProcedureCode).HasMaxLength(32);
            e.HasIndex(r => r.At);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.Actor).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(32);
            e.Property(a => a.Subject).HasMaxLength(64);
            e.Property(a => a.Detail).HasMaxLength(500);
            e.HasIndex(a => a.At);
        });

        builder.Entity<KnowledgeDraft>(e =>
        {
            e.HasKey(d => d.Id);
            e.Property(d => d.EscalationReference).HasMaxLength(16);
            e.Property(d => d.Path).HasMaxLength(200);
            e.Property(d => d.Kind).HasMaxLength(16);
            e.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.DraftedBy).HasMaxLength(256);
            e.Property(d => d.ReviewedBy).HasMaxLength(256);
            e.HasIndex(d => d.Status);
        });

        builder.Entity<DataProtectionKeyRecord>(e =>
        {
            e.HasKey(k => k.Id);
            e.Property(k => k.FriendlyName).HasMaxLength(200);
        });

        builder.Entity<RateCounterRecord>(e =>
        {
            e.HasKey(c => c.Key);
            e.Property(c => c.Key).HasMaxLength(200);
            e.HasIndex(c => c.WindowStart);
        });

        builder.Entity<AttachmentRecord>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).HasMaxLength(32);
            e.Property(a => a.ConversationId).HasMaxLength(64);
            e.Property(a => a.ContentType).HasMaxLength(64);
            e.Property(a => a.Name).HasMaxLength(200);
            e.Property(a => a.Uploader).HasMaxLength(32);
            e.HasIndex(a => a.ConversationId);
            e.HasIndex(a => new { a.Uploader, a.CreatedAt });
            e.HasOne<ConversationRecord>().WithMany().HasForeignKey(a => a.ConversationId);
        });

        builder.Entity<EscalationRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Reference).HasMaxLength(16);
            e.HasIndex(x => x.Reference).IsUnique();
            e.Property(x => x.ConversationId).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(32);
            e.Property(x => x.Language).HasMaxLength(8);
            e.Property(x => x.ProcedureCode).HasMaxLength(16);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.AssignedTo).HasMaxLength(256);
            e.Property(x => x.Center).HasMaxLength(128);
            e.Property(x => x.CallbackPhone).HasMaxLength(20);
            e.HasIndex(x => x.CreatedAt);
            e.HasIndex(x => new { x.CreatedOn, x.Center });
            e.HasIndex(x => x.CallbackLeftAt);
            // The version: an UPDATE changes the row only if no one else changed it since it was read.
            e.Property(x => x.UpdatedAt).IsConcurrencyToken();
            e.HasOne<ConversationRecord>().WithMany().HasForeignKey(x => x.ConversationId);
        });

        builder.Entity<StaffReplyRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Reference).HasMaxLength(16);
            e.HasIndex(x => x.Reference);
            e.Property(x => x.ConversationId).HasMaxLength(64);
            e.Property(x => x.ActivityId).HasMaxLength(96);
            e.HasIndex(x => x.ActivityId).IsUnique();
            e.Property(x => x.HandoffActivityId).HasMaxLength(96);
            e.Property(x => x.Text).HasMaxLength(4000);
            e.Property(x => x.Locale).HasMaxLength(16);
            e.Property(x => x.Actor).HasMaxLength(256);
            e.HasIndex(x => x.DeliveredAt);
            e.HasOne<ConversationRecord>().WithMany().HasForeignKey(x => x.ConversationId);
        });

        builder.Entity<ZaloInboxEvent>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.EventId).HasMaxLength(160);
            e.HasIndex(x => x.EventId).IsUnique();
            e.HasIndex(x => x.HandledAt);
            e.HasIndex(x => x.ReceivedAt);
        });

        builder.Entity<ZaloContact>(e =>
        {
            e.HasKey(x => x.UserId);
            e.Property(x => x.UserId).HasMaxLength(64);
            e.Property(x => x.ConversationId).HasMaxLength(64);
            e.Property(x => x.LastMessageId).HasMaxLength(128);
        });

        builder.Entity<ZaloOutboxMessage>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.ActivityId).HasMaxLength(96);
            e.HasIndex(x => x.ActivityId).IsUnique();
            e.Property(x => x.UserId).HasMaxLength(64);
            e.Property(x => x.ConversationId).HasMaxLength(64);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => new { x.State, x.NextAttemptAt });
            e.HasIndex(x => new { x.UserId, x.State });
        });

        builder.Entity<ZaloTokenRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
    }
}
