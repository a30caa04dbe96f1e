using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CitizenHelper.Storage.Migrations
{
    /// <inheritdoc />
    public partial class GuidedSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GuidedSessions",
                columns: table => new
                {
                    Token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProcedureCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Position = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Stopped = table.Column<bool>(type: "INTEGER", nullable: false),
                    Done = table.Column<bool>(type: "INTEGER", nullable: false),
                    HelpRequests = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SessionJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuidedSessions", x => x.Token);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GuidedSessions_ConversationId_UpdatedAt",
                table: "GuidedSessions",
                columns: new[] { "ConversationId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GuidedSessions_UpdatedAt",
                table: "GuidedSessions",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GuidedSessions");
        }
    }
}
